// ops.h — generic operations on any value, for C code that is not the VM.
//
// These use the C slots of builtin types directly. When a user class's
// special method must run (a user __eq__ inside list.index, a __repr__ inside
// a list's repr), they call it through vm_call_nested(): a nested run of the
// interpreter that is counted, so that the strategies can refuse to switch
// or pickle a tasklet with such a C activation on its stack (DESIGN.md).
// Hot paths that may call back are written as helpers instead (helper.h),
// using the helper-aware forms at the end of this file (obj_start_*).
#ifndef PRICKLE_OPS_H
#define PRICKLE_OPS_H

#include "object.h"

// repr(v) / str(v) as a Str, or NULL on error.
Str *obj_repr(Value v);
Str *obj_str(Value v);
// ascii(v).
Str *obj_ascii(Value v);

// hash(v); -1 on error (unhashable raises TypeError).
int64_t obj_hash(Value v);

// a == b as a C truth value: 1, 0, or -1 on error. Identity implies equality
// (as CPython's containers assume).
int obj_eq(Value a, Value b);

// Rich comparison a <op> b returning a Value (VAL_NULL on error).
Value obj_compare(Value a, Value b, CmpOp op);

// a < b as 1/0, -1 on error (sorting, min, max).
int obj_lt(Value a, Value b);

// Truth value: 1/0, -1 on error.
int obj_truth(Value v);

// len(v); -1 on error.
int64_t obj_len(Value v);

// Binary and unary operators (with __radd__-style fallbacks).
Value obj_binop(BinOp op, Value a, Value b);
Value obj_unop(UnOp op, Value a);

// v[key], v[key] = x, del v[key].
Value obj_getitem(Value v, Value key);
int obj_setitem(Value v, Value key, Value x);
int obj_delitem(Value v, Value key);

// x in c: 1/0, -1 on error.
int obj_contains(Value c, Value x);

// iter(v), and next(it) returning the item, ITER_DONE, or VAL_NULL on error.
Value obj_iter(Value v);
Value obj_next(Value it);

// getattr(v, name), VAL_NULL with AttributeError when absent.
Value obj_getattr(Value v, Str *name);
// getattr that returns VAL_NULL without an error when absent.
Value obj_getattr_opt(Value v, Str *name);
int obj_setattr(Value v, Str *name, Value x);
int obj_delattr(Value v, Str *name);

// Call [f] with positional args and optional kwnames (names of the last
// len(kwnames) args). Nested: see the file comment.
Value obj_call(Value f, Value *args, int nargs, Tuple *kwnames);

// Convert to C numbers with Python's rules (TypeError on wrong type).
bool obj_to_int64(Value v, int64_t *out); // int/bool/__index__
bool obj_to_double(Value v, double *out); // int/float/__float__
// An index for sequence subscripting (int or __index__).
bool obj_to_index(Value v, int64_t *out);

// The type name of [v] as a C string.
const char *obj_type_name(Value v);

// Format [v] with format spec [spec] (format(v, spec)).
Str *obj_format(Value v, Str *spec);

// Whether [v] can be called (builtin callable()).
bool obj_callable(Value v);

// ---- helper-aware operations ---------------------------------------------------------
// The operations above for helpers and the VM (helper.h): when a user
// special method must run, they do not call it nested. They return
// VAL_NULL with *rec set to a fresh helper record that computes the result:
// a helper requests it with helper_sub(), the VM enters it, a builtin
// function returns it (the call continues as that record). Otherwise *rec
// is VAL_NULL and they return the result, or VAL_NULL with an exception
// pending. Builtin operands take the C paths (no allocation); a container
// of user objects may still compare or hash them nested.

// True if [v] is an instance of a user class (its special methods may be
// Python code).
static inline bool obj_is_user(Value v) {
    return !val_is_small(v) && (v->type->flags & TF_HEAPTYPE);
}

// True if str(v)/repr(v) may run Python code: a user object, or a list,
// tuple, dict or set (which may hold user objects).
static inline bool obj_may_run_repr(Value v) {
    if (val_is_small(v)) return false;
    Type *t = v->type;
    return (t->flags & TF_HEAPTYPE) || t == &ListType || t == &TupleType || t == &DictType ||
           t == &SetType || t == &FrozenSetType;
}

// True if hashing [v] runs Python code (a user __hash__).
static inline bool obj_has_user_hash(Value v) {
    if (!obj_is_user(v)) return false;
    Value h = v->type->dunders[DUNDER_HASH];
    return h && h != VAL_NONE;
}

Value obj_start_hash(Value v, Value *rec);                       // an int
Value obj_start_len(Value v, Value *rec);                        // an int >= 0
Value obj_start_index(Value v, Value *rec);                      // an int (__index__)
Value obj_start_truth(Value v, Value *rec);                      // True or False
Value obj_start_compare(CmpOp op, Value a, Value b, Value *rec); // any value
// a <op> b as True or False (the comparison, then the truth of its result).
Value obj_start_compare_bool(CmpOp op, Value a, Value b, Value *rec);
// Identity or equality (containers' rule): True or False.
Value obj_start_eq(Value a, Value b, Value *rec);
Value obj_start_binop(int op, Value a, Value b, Value *rec); // op: BinOp (+ BINOP_INPLACE)
Value obj_start_str(Value v, Value *rec);                    // a str
Value obj_start_repr(Value v, Value *rec);                   // a str
Value obj_start_format(Value v, Str *spec, Value *rec);      // a str
Value obj_start_iter(Value v, Value *rec);                   // an iterator
Value obj_start_getattr(Value v, Str *name, Value *rec);     // AttributeError when absent
// x in c (True or False), c[k], c[k] = v and del c[k] (None).
Value obj_start_contains(Value c, Value x, Value *rec);
Value obj_start_getitem(Value c, Value k, Value *rec);
Value obj_start_setitem(Value c, Value k, Value v, Value *rec);
Value obj_start_delitem(Value c, Value k, Value *rec);
// A record that calls fn(*args) and returns its result, or [ret] when
// [ret] is not VAL_NULL (for builtins whose result is not the call's).
Value obj_call_record(Value fn, Tuple *args, Value ret);

// The result of a user __hash__ as a hash (CPython's rules); false with
// TypeError when it is not an int.
bool obj_hash_result(Value r, int64_t *out);
// repr(v) without running Python code: NULL with *needs_python set (and
// no exception) when a user __repr__ would have to run.
Str *obj_repr_probe(Value v, bool *needs_python);
// ascii() of a repr already computed.
Str *obj_ascii_of_repr(Str *r);

#endif
