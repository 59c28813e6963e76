// containers_impl.h — private helpers shared by the container modules
// (tuple.c, list.c, listsort.c, dict.c, set.c, range.c): argument checking
// with CPython's exact messages and index conversion. Not for other modules.
#ifndef PRICKLE_CONTAINERS_IMPL_H
#define PRICKLE_CONTAINERS_IMPL_H

#include "containers.h"
#include "err.h"
#include "num.h"
#include "ops.h"
#include "str.h"
#include "type.h"

// Number of keyword arguments in a call.
static inline int kw_count(Tuple *kwnames) {
    return kwnames ? (int)kwnames->len : 0;
}

// Method taking no arguments besides self: "list.copy() takes no arguments (1 given)".
static inline bool check_noargs(const char *qname, int nargs, Tuple *kwnames) {
    if (kw_count(kwnames)) {
        err_format(&TypeErrorType, "%s() takes no keyword arguments", qname);
        return false;
    }
    if (nargs != 1) {
        err_format(&TypeErrorType, "%s() takes no arguments (%d given)", qname, nargs - 1);
        return false;
    }
    return true;
}

// Method taking exactly one argument besides self (METH_O).
static inline bool check_onearg(const char *qname, int nargs, Tuple *kwnames) {
    if (kw_count(kwnames)) {
        err_format(&TypeErrorType, "%s() takes no keyword arguments", qname);
        return false;
    }
    if (nargs != 2) {
        err_format(&TypeErrorType, "%s() takes exactly one argument (%d given)", qname, nargs - 1);
        return false;
    }
    return true;
}

// Positional-only arguments in [min, max] besides self (argument clinic
// messages: "pop expected at most 1 argument, got 2"). [qname] is
// "type.method", [name] the short name. [self_count] is 1 for methods, 0
// for plain functions / constructors.
static inline bool check_posargs(const char *qname, const char *name, int nargs, Tuple *kwnames,
                                 int self_count, int min, int max) {
    if (kw_count(kwnames)) {
        err_format(&TypeErrorType, "%s() takes no keyword arguments", qname);
        return false;
    }
    int n = nargs - self_count;
    if (n < min || n > max) {
        if (min == max)
            err_format(&TypeErrorType, "%s expected %d argument%s, got %d", name, min,
                       min == 1 ? "" : "s", n);
        else if (n < min)
            err_format(&TypeErrorType, "%s expected at least %d argument%s, got %d", name, min,
                       min == 1 ? "" : "s", n);
        else
            err_format(&TypeErrorType, "%s expected at most %d argument%s, got %d", name, max,
                       max == 1 ? "" : "s", n);
        return false;
    }
    return true;
}

// Convert a subscript to an index: ints directly, others through
// obj_to_index. Returns 1 ok, 0 "not an index" (nothing raised), -1 error.
static inline int key_to_index(Value key, int64_t *out) {
    if (val_is_small(key)) {
        *out = val_small(key);
        return 1;
    }
    Type *t = val_type(key);
    if (t == &IntType || t == &BoolType) {
        *out = int_value(key);
        return 1;
    }
    if ((t->flags & TF_HEAPTYPE) && t->dunders[DUNDER_INDEX])
        return obj_to_index(key, out) ? 1 : -1;
    return 0;
}

// A slice index argument of index()/count()-like methods (int or __index__,
// not None): CPython's _PyEval_SliceIndexNotNone.
static inline bool slice_index_arg(Value v, int64_t *out) {
    int r = key_to_index(v, out);
    if (r == 1) return true;
    if (r == 0)
        err_format(&TypeErrorType, "slice indices must be integers or have an __index__ method");
    return false;
}

// Clamp a start/stop argument as list.index does.
static inline int64_t clamp_index(int64_t i, int64_t len) {
    if (i < 0) {
        i += len;
        if (i < 0) i = 0;
    }
    if (i > len) i = len;
    return i;
}

// Identity-or-equality test used by every container (CPython's rule).
static inline int item_eq(Value a, Value b) {
    if (a == b) return 1;
    if (val_is_small(a) && val_is_small(b)) return 0;
    return obj_eq(a, b);
}

// The hash of a container key: fast paths for small ints and strs, else
// obj_hash (-1 with an error pending when unhashable).
static inline int64_t container_hash(Value key) {
    if (val_is_small(key)) {
        int64_t v = val_small(key);
        if (v >= 0 && v < (int64_t)((UINT64_C(1) << 61) - 1)) return v;
        return int_hash(v);
    }
    if (key->type == &StrType) {
        Str *s = (Str *)key;
        return s->hash != -1 ? s->hash : str_hash(s);
    }
    return obj_hash(key);
}

// In-place set algebra with any iterable [other] (set.c), used by the dict
// views: update, difference_update, symmetric_difference_update return
// 0/-1; intersection returns a new set (NULL + error).
int set_update_internal(Set *s, Value other);
int set_difference_update_internal(Set *s, Value other);
int set_symmetric_difference_update_internal(Set *s, Value other);
Set *set_intersection_internal(Set *s, Value other);

// A fresh list holding [iterable]'s items without aliasing [iterable]
// itself when it is a list (used by slice assignment); NULL + error with
// [msg] as TypeError text when not iterable.
List *seq_fast(Value iterable, const char *msg);

// Per-module start-up (called from containers_init in dict.c).
void tuple_init(void);
void list_init(void);
void listsort_init(void);
void set_init(void);
void range_init(void);

// The iterator slot `return self` shared by all iterator types.
Value containers_iter_self(Value self);

#endif
