// vmops.c — the VM's own helpers: operations whose special methods run
// Python code (binary operators and comparisons with reflected fallbacks,
// class instantiation with __init__, class creation, unpacking, `in`,
// f-string formatting, truth of user objects, extending from iterators,
// imports), the sub-operation records of ops.h's obj_start_* (vm.hash,
// vm.len, vm.compare_bool, vm.call, container reprs, ...) and the records
// builtins continue as (bool(x), dict/set displays, vm.collect_call,
// vm.index_call). Each is a resumable step function (helper.h) so no
// driver recurses on the C stack.
#include "containers.h"
#include "err.h"
#include "frame.h"
#include "func.h"
#include "helper.h"
#include "module.h"
#include "num.h"
#include "ops.h"
#include "str.h"
#include "type.h"
#include "vm.h"

#include <string.h>

extern const char *binop_symbol(int op);
extern const char *binop_dunder(int op, int kind);

#define LABELS(...) static const char *const labels_[] = {__VA_ARGS__};

bool vmops_is_repr_container(Value v);
Value vmops_repr_container_start(Value v, Value *rec);

static Tuple *pair(Value a, Value b) {
    return tuple_pack(2, a, b);
}

// ---- binary operators --------------------------------------------------------------
// fields: a, b, op (BinOp, + BINOP_INPLACE)

// The user-level special method for one side, or VAL_NULL.
static Value side_dunder(Value v, int op, int kind) {
    Type *t = val_type(v);
    if (!(t->flags & TF_HEAPTYPE)) return VAL_NULL;
    return type_lookup(t, str_intern_cstr(binop_dunder(op, kind)));
}

static HelperStatus binop_step(Helper *h, Value in, Value *out) {
    Value a = F(0), b = F(1);
    int op = (int)val_small(F(2));
    int bop = op & (BINOP_INPLACE - 1);
    Type *ta = val_type(a), *tb = val_type(b);
    switch (h->label) {
    case 0: // entry
        if (op & BINOP_INPLACE) {
            Value d = side_dunder(a, op, 2);
            if (d) return helper_call(h, 1, d, pair(a, b), NULL);
        }
        goto forward;
    case 1: // after __iop__
        if (!in) return HS_RAISE;
        if (in != VAL_NOTIMPL) return *out = in, HS_RETURN;
        goto forward;
    case 2: // after __op__
        if (!in) return HS_RAISE;
        if (in != VAL_NOTIMPL) return *out = in, HS_RETURN;
        goto reflected;
    case 3: // after __rop__
        if (!in) return HS_RAISE;
        if (in != VAL_NOTIMPL) return *out = in, HS_RETURN;
        goto fail;
    }
forward : {
    Value d = side_dunder(a, op, 0);
    if (d) return helper_call(h, 2, d, pair(a, b), NULL);
    if (!(ta->flags & TF_HEAPTYPE) || ta->tp_binop) {
        if (ta->tp_binop) {
            Value r = ta->tp_binop((BinOp)bop, a, b);
            if (!r) return HS_RAISE;
            if (r != VAL_NOTIMPL) return *out = r, HS_RETURN;
        }
    }
}
reflected:
    if (ta != tb) {
        Value d = side_dunder(b, op, 1);
        if (d) return helper_call(h, 3, d, pair(b, a), NULL);
        if (tb->tp_binop) {
            Value r = tb->tp_binop((BinOp)bop, a, b);
            if (!r) return HS_RAISE;
            if (r != VAL_NOTIMPL) return *out = r, HS_RETURN;
        }
    }
fail:
    if (bop == BINOP_POW && !(op & BINOP_INPLACE))
        err_format(&TypeErrorType, "unsupported operand type(s) for ** or pow(): '%s' and '%s'",
                   ta->name, tb->name);
    else
        err_format(&TypeErrorType, "unsupported operand type(s) for %s%s: '%s' and '%s'",
                   binop_symbol(bop), (op & BINOP_INPLACE) ? "=" : "", ta->name, tb->name);
    return HS_RAISE;
}
// op indexes the operator tables: a BinOp, perhaps + BINOP_INPLACE.
static bool binop_validate(Helper *h) {
    int64_t op = val_small(F(2));
    if ((op & ~(int64_t)BINOP_INPLACE) < 0 || (op & ~(int64_t)BINOP_INPLACE) >= BINOP_COUNT)
        return helper_field_error(h, 2, "not a binary operator: %lld", (long long)op);
    return true;
}
HELPER_CHECKED(binop_helper, "vm.binop", binop_step, binop_validate, "a:v b:v op:i", "entry",
               "after_inplace", "after_forward", "after_reflected")

Value vmops_start_binop(int op, Value a, Value b, Value *out_rec) {
    return obj_start_binop(op, a, b, out_rec);
}

// ---- comparisons -------------------------------------------------------------------------
// fields: a, b, op

static const CmpOp swapped[] = {CMP_GT, CMP_GE, CMP_EQ, CMP_NE, CMP_LT, CMP_LE};
static const DunderId cmp_ids[] = {DUNDER_LT, DUNDER_LE, DUNDER_EQ,
                                   DUNDER_NE, DUNDER_GT, DUNDER_GE};
static const char *const cmp_syms[] = {"<", "<=", "==", "!=", ">", ">="};

static HelperStatus compare_step(Helper *h, Value in, Value *out) {
    Value a = F(0), b = F(1);
    CmpOp op = (CmpOp)val_small(F(2));
    Type *ta = val_type(a), *tb = val_type(b);
    switch (h->label) {
    case 0: {
        Value d = ta->dunders[cmp_ids[op]];
        if (d) return helper_call(h, 1, d, pair(a, b), NULL);
        if (op == CMP_NE && ta->dunders[DUNDER_EQ])
            return helper_call(h, 3, ta->dunders[DUNDER_EQ], pair(a, b), NULL);
        if (ta->tp_compare && !(ta->flags & TF_HEAPTYPE)) {
            Value r = ta->tp_compare(a, b, op);
            if (!r) return HS_RAISE;
            if (r != VAL_NOTIMPL) return *out = r, HS_RETURN;
        }
        goto reflected;
    }
    case 1:
        if (!in) return HS_RAISE;
        if (in != VAL_NOTIMPL) return *out = in, HS_RETURN;
        goto reflected;
    case 3: // __ne__ derived from __eq__
        if (!in) return HS_RAISE;
        if (in != VAL_NOTIMPL) {
            int t = obj_truth(in);
            if (t < 0) return HS_RAISE;
            return *out = val_bool(!t), HS_RETURN;
        }
        goto reflected;
    case 2:
        if (!in) return HS_RAISE;
        if (in != VAL_NOTIMPL) return *out = in, HS_RETURN;
        goto fallback;
    case 4: // reflected __eq__ for !=
        if (!in) return HS_RAISE;
        if (in != VAL_NOTIMPL) {
            int t = obj_truth(in);
            if (t < 0) return HS_RAISE;
            return *out = val_bool(!t), HS_RETURN;
        }
        goto fallback;
    }
reflected : {
    Value d = tb->dunders[cmp_ids[swapped[op]]];
    if (d) return helper_call(h, 2, d, pair(b, a), NULL);
    // Without __ne__, != is the negation of the reflected __eq__.
    if (op == CMP_NE && tb->dunders[DUNDER_EQ])
        return helper_call(h, 4, tb->dunders[DUNDER_EQ], pair(b, a), NULL);
    if (tb->tp_compare && !(tb->flags & TF_HEAPTYPE)) {
        Value r = tb->tp_compare(b, a, swapped[op]);
        if (!r) return HS_RAISE;
        if (r != VAL_NOTIMPL) return *out = r, HS_RETURN;
    }
}
fallback:
    if (op == CMP_EQ) return *out = val_bool(a == b), HS_RETURN;
    if (op == CMP_NE) return *out = val_bool(a != b), HS_RETURN;
    err_format(&TypeErrorType, "'%s' not supported between instances of '%s' and '%s'",
               cmp_syms[op], ta->name, tb->name);
    return HS_RAISE;
}
// op indexes the comparison tables: a CmpOp.
static bool compare_validate(Helper *h) {
    int64_t op = val_small(F(2));
    if (op < CMP_LT || op > CMP_GE)
        return helper_field_error(h, 2, "not a comparison operator: %lld", (long long)op);
    return true;
}
HELPER_CHECKED(compare_helper, "vm.compare", compare_step, compare_validate, "a:v b:v op:i",
               "entry", "after_forward", "after_reflected", "after_eq_for_ne",
               "after_reflected_eq_for_ne")

Value vmops_start_compare(CmpOp op, Value a, Value b, Value *out_rec) {
    Type *ta = val_type(a), *tb = val_type(b);
    if (!(ta->flags & TF_HEAPTYPE) && !(tb->flags & TF_HEAPTYPE)) {
        *out_rec = VAL_NULL;
        return obj_compare(a, b, op); // sequences of builtin values
    }
    Helper *h = helper_new(&compare_helper);
    h->fields[0] = a;
    h->fields[1] = b;
    h->fields[2] = val_from_small(op);
    *out_rec = (Value)h;
    return VAL_NULL;
}

// ---- comparison as a truth value ------------------------------------------------------------
// fields: a, b, op (as vm.compare); then the truth of the result.

static HelperStatus compare_bool_step(Helper *h, Value in, Value *out) {
    if (h->label == 5) { // after_truth
        if (!in) return HS_RAISE;
        return *out = in, HS_RETURN;
    }
    HelperStatus st = compare_step(h, in, out);
    if (st != HS_RETURN || *out == VAL_TRUE || *out == VAL_FALSE) return st;
    Value rec, r = obj_start_truth(*out, &rec);
    if (rec) return helper_sub(h, 5, rec);
    if (!r) return HS_RAISE;
    return *out = r, HS_RETURN;
}
HELPER_CHECKED(compare_bool_helper, "vm.compare_bool", compare_bool_step, compare_validate,
               "a:v b:v op:i", "entry", "after_forward", "after_reflected", "after_eq_for_ne",
               "after_reflected_eq_for_ne", "after_truth")

// ---- one special method call with its result checked -------------------------------------------
// fields: v (the object); the method is looked up on its class at the entry.

static HelperStatus dunder_step(Helper *h, Value in, Value *out, DunderId id) {
    Value v = F(0);
    if (h->label == 0) {
        Value d = val_type(v)->dunders[id];
        if (d && d != VAL_NONE) return helper_call(h, 1, d, tuple_pack(1, v), NULL);
        // No longer a Python method (the class changed): the C path.
        switch (id) {
        case DUNDER_HASH: {
            int64_t x = obj_hash(v);
            if (x == -1 && err_occurred()) return HS_RAISE;
            return *out = int_from_i64(x), HS_RETURN;
        }
        case DUNDER_LEN: {
            int64_t n = obj_len(v);
            if (n < 0) return HS_RAISE;
            return *out = int_from_i64(n), HS_RETURN;
        }
        case DUNDER_INDEX: {
            int64_t x;
            if (!obj_to_int64(v, &x)) return HS_RAISE;
            return *out = int_from_i64(x), HS_RETURN;
        }
        default: in = obj_iter(v); return (*out = in) ? HS_RETURN : HS_RAISE;
        }
    }
    if (!in) return HS_RAISE;
    switch (id) {
    case DUNDER_HASH: {
        int64_t x;
        if (!obj_hash_result(in, &x)) return HS_RAISE;
        return *out = int_from_i64(x), HS_RETURN;
    }
    case DUNDER_LEN:
        if (!val_is_int(in)) {
            err_format(&TypeErrorType, "'%s' object cannot be interpreted as an integer",
                       obj_type_name(in));
            return HS_RAISE;
        }
        if (int_value(in) < 0) {
            err_format(&ValueErrorType, "__len__() should return >= 0");
            return HS_RAISE;
        }
        return *out = val_is(in, &BoolType) ? int_from_i64(int_value(in)) : in, HS_RETURN;
    case DUNDER_INDEX:
        if (!val_is_int(in)) {
            err_format(&TypeErrorType, "__index__ returned non-int (type %s)", obj_type_name(in));
            return HS_RAISE;
        }
        return *out = in, HS_RETURN;
    default:
        if (!vm_check_iterator(in)) return HS_RAISE;
        return *out = in, HS_RETURN;
    }
}
static HelperStatus hash_step(Helper *h, Value in, Value *out) {
    return dunder_step(h, in, out, DUNDER_HASH);
}
static HelperStatus len_step(Helper *h, Value in, Value *out) {
    return dunder_step(h, in, out, DUNDER_LEN);
}
static HelperStatus index_step(Helper *h, Value in, Value *out) {
    return dunder_step(h, in, out, DUNDER_INDEX);
}
static HelperStatus iter_step(Helper *h, Value in, Value *out) {
    return dunder_step(h, in, out, DUNDER_ITER);
}
HELPER(hash_helper, "vm.hash", hash_step, "v:v", "entry", "after_hash")
HELPER(len_helper, "vm.len", len_step, "v:v", "entry", "after_len")
HELPER(index_helper, "vm.index", index_step, "v:v", "entry", "after_index")
HELPER(iter_helper, "vm.iter", iter_step, "v:v", "entry", "after_iter")

// ---- a plain call -----------------------------------------------------------------------------
// fields: fn, args, ret (unset: the result is the call's)

static HelperStatus call_step(Helper *h, Value in, Value *out) {
    if (h->label == 0) return helper_call(h, 1, F(0), (Tuple *)F(1), NULL);
    if (!in) return HS_RAISE;
    return *out = F(2) ? F(2) : in, HS_RETURN;
}
HELPER(call_helper, "vm.call", call_step, "fn:v args:t ret:V", "entry", "after_call")

// ---- bool(x) of a user object ----------------------------------------------------------------
// args: (bool, x)

static HelperStatus bool_call_step(Helper *h, Value in, Value *out) {
    if (h->label == 0) {
        Tuple *args = (Tuple *)F(HF_ARGS);
        Value rec, r = obj_start_truth(args->items[1], &rec);
        if (rec) return helper_sub(h, 1, rec);
        in = r;
    }
    if (!in) return HS_RAISE;
    return *out = in, HS_RETURN;
}
// bool(x) arrives as (bool, x).
static bool bool_call_validate(Helper *h) {
    if (((Tuple *)F(HF_ARGS))->len != 2)
        return helper_field_error(h, HF_ARGS, "expected (bool, x)");
    return true;
}
HELPER_CHECKED(bool_call_helper, "bool.__call__", bool_call_step, bool_call_validate,
               "args:t kwargs:W", "entry", "after_truth")

// ---- dict and set displays with keys whose __hash__/__eq__ are Python code ---------------------
// fields: items (k1, v1, k2, v2, ... for a dict), the container, index of
// the next item (pair) to add.

extern Value dict_start_setitem(Dict *d, Value key, Value v, Value *rec);
extern Value set_start_add(Set *s, Value key, Value *rec);

static HelperStatus build_step(Helper *h, Value in, Value *out) {
    Tuple *items = (Tuple *)F(0);
    bool is_map = val_is(F(1), &DictType);
    int64_t n = is_map ? items->len / 2 : items->len, i = val_small(F(2));
    if (h->label == 1) {
        if (!in) return HS_RAISE;
        i++;
    }
    for (; i < n; i++) {
        Value rec, r = is_map ? dict_start_setitem((Dict *)F(1), items->items[2 * i],
                                                   items->items[2 * i + 1], &rec)
                              : set_start_add((Set *)F(1), items->items[i], &rec);
        if (rec) {
            F(2) = val_from_small(i);
            return helper_sub(h, 1, rec);
        }
        if (!r) return HS_RAISE;
    }
    return *out = F(1), HS_RETURN;
}
// items pair up for a dict; index is within them.
static bool build_validate(Helper *h) {
    Tuple *items = (Tuple *)F(0);
    bool is_map = val_is(F(1), &DictType);
    if (!is_map && !val_is(F(1), &SetType))
        return helper_field_error(h, 1, "expected a dict or a set, got %s", obj_type_name(F(1)));
    if (is_map && items->len % 2) return helper_field_error(h, 0, "expected key, value pairs");
    int64_t n = is_map ? items->len / 2 : items->len, i = val_small(F(2));
    if (i < 0 || i > n || (h->label == 1 && i == n))
        return helper_field_error(h, 2, "not an index of the items");
    return true;
}
HELPER_CHECKED(build_helper, "vm.build", build_step, build_validate, "items:t container:v index:i",
               "entry", "after_add")

// The rest of a dict display (values: k1, v1, ...; [n] pairs) or a set
// display ([n] items) from item [start] on, into [target] (dict or set).
Value vmops_build(Value target, Value *values, int n, int start) {
    Helper *h = helper_new(&build_helper);
    h->fields[0] = (Value)tuple_from(values, val_is(target, &DictType) ? 2 * n : n);
    h->fields[1] = target;
    h->fields[2] = val_from_small(start);
    return (Value)h;
}

// ---- attributes computed by Python code, with the __getattr__ fallback ------------------------
// fields: obj, name, getter, getter args

static HelperStatus getattr_step(Helper *h, Value in, Value *out) {
    switch (h->label) {
    case 0: return helper_call(h, 1, F(2), (Tuple *)F(3), NULL);
    case 1:
        if (in) return *out = in, HS_RETURN;
        if (!err_matches(&AttributeErrorType)) return HS_RAISE;
        // The class may have lost its __getattr__ meanwhile: the error stands.
        if (!val_type(F(0))->dunders[DUNDER_GETATTR]) return HS_RAISE;
        err_clear();
        return helper_call(h, 2, val_type(F(0))->dunders[DUNDER_GETATTR], pair(F(0), F(1)), NULL);
    default:
        if (!in) return HS_RAISE;
        return *out = in, HS_RETURN;
    }
}
HELPER(getattr_helper, "vm.getattr", getattr_step, "obj:v name:s getter:v args:t", "entry",
       "after_getter", "after_getattr")

// ---- truth of user objects -------------------------------------------------------------
// fields: v

static HelperStatus truth_step(Helper *h, Value in, Value *out) {
    Value v = F(0);
    Type *t = val_type(v);
    switch (h->label) {
    case 0:
        if (t->dunders[DUNDER_BOOL])
            return helper_call(h, 1, t->dunders[DUNDER_BOOL], tuple_pack(1, v), NULL);
        if (t->dunders[DUNDER_LEN])
            return helper_call(h, 2, t->dunders[DUNDER_LEN], tuple_pack(1, v), NULL);
        return *out = VAL_TRUE, HS_RETURN;
    case 1:
        if (!in) return HS_RAISE;
        if (!val_is(in, &BoolType)) {
            err_format(&TypeErrorType, "__bool__ should return bool, returned %s",
                       obj_type_name(in));
            return HS_RAISE;
        }
        return *out = in, HS_RETURN;
    default:
        if (!in) return HS_RAISE;
        if (!val_is_int(in)) {
            err_format(&TypeErrorType, "'%s' object cannot be interpreted as an integer",
                       obj_type_name(in));
            return HS_RAISE;
        }
        if (int_value(in) < 0) {
            err_format(&ValueErrorType, "__len__() should return >= 0");
            return HS_RAISE;
        }
        return *out = val_bool(int_value(in) != 0), HS_RETURN;
    }
}
HELPER(truth_helper, "vm.truth", truth_step, "v:v", "entry", "after_bool", "after_len")

// ---- iteration helpers -------------------------------------------------------------------

// Check that [it], returned by a user __iter__, is an iterator (raises as CPython).
bool vm_check_iterator(Value it) {
    Type *t = val_type(it);
    if (t->tp_next || t->dunders[DUNDER_NEXT] || t == &GeneratorType) return true;
    err_format(&TypeErrorType, "iter() returned non-iterator of type '%s'", t->name);
    return false;
}

// Whether iterating [v] calls a user __iter__ (a request), not C code.
static bool need_iter_call(Value v) {
    return val_type(v)->dunders[DUNDER_ITER] != VAL_NULL;
}

// Labels 0 and 1 of the helpers that go through an iterable (labels
// "entry", "after_iter", "item"): start iterating [v], the iterator going to
// field [itf], and request its first item at label 2. A user __iter__ is
// called first (its result comes back at label 1: iter_started). HS_RAISE
// only when [v] is not iterable (the caller may reword the TypeError).
static HelperStatus iter_start(Helper *h, Value v, int itf) {
    if (need_iter_call(v))
        return helper_call(h, 1, val_type(v)->dunders[DUNDER_ITER], tuple_pack(1, v), NULL);
    Value it = obj_iter(v);
    if (!it) return HS_RAISE;
    F(itf) = it;
    return helper_next(h, 2, it);
}

// Label 1 of those helpers: __iter__ returned [in].
static HelperStatus iter_started(Helper *h, Value in, int itf) {
    if (!in || !vm_check_iterator(in)) return HS_RAISE;
    F(itf) = in;
    return helper_next(h, 2, in);
}

// ---- `in` ---------------------------------------------------------------------------------
// fields: container, x, iterator

static HelperStatus contains_step(Helper *h, Value in, Value *out) {
    Value c = F(0), x = F(1);
    Type *t = val_type(c);
    switch (h->label) {
    case 0:
        if (t->dunders[DUNDER_CONTAINS])
            return helper_call(h, 1, t->dunders[DUNDER_CONTAINS], pair(c, x), NULL);
        if (need_iter_call(c))
            return helper_call(h, 2, t->dunders[DUNDER_ITER], tuple_pack(1, c), NULL);
        if (t->tp_contains) {
            int r = t->tp_contains(c, x);
            if (r < 0) return HS_RAISE;
            return *out = val_bool(r), HS_RETURN;
        }
        if (!t->tp_iter && !t->dunders[DUNDER_GETITEM]) {
            err_format(&TypeErrorType, "argument of type '%s' is not iterable", t->name);
            return HS_RAISE;
        }
        in = obj_iter(c);
        if (!in) return HS_RAISE;
        F(2) = in;
        return helper_next(h, 3, F(2));
    case 1:
        if (!in) return HS_RAISE;
        return *out = in, HS_RETURN;
    case 2:
        if (!in || !vm_check_iterator(in)) return HS_RAISE;
        F(2) = in;
        return helper_next(h, 3, F(2));
    case 3: { // got an item
        if (!in) return HS_RAISE;
        if (in == ITER_DONE) return *out = VAL_FALSE, HS_RETURN;
        Value rec;
        in = obj_start_eq(in, x, &rec);
        if (rec) return helper_sub(h, 4, rec);
    }
    // fall through
    default: // 4: after_eq
        if (!in) return HS_RAISE;
        if (in == VAL_TRUE) return *out = VAL_TRUE, HS_RETURN;
        return helper_next(h, 3, F(2));
    }
}
HELPER(contains_helper, "vm.contains", contains_step, "container:v x:v iterator:v", "entry",
       "after_contains", "after_iter", "item", "after_eq")

// ---- extend a list or set from any iterable ------------------------------------------------
// fields: target, iterable, iterator

static HelperStatus extend_step(Helper *h, Value in, Value *out) {
    Value target = F(0);
    switch (h->label) {
    case 0: {
        // [*range(n)]: all at once (MemoryError up front for a huge range,
        // as CPython's list_extend sizes the list by the length hint).
        if (val_is(target, &ListType) && val_is(F(1), &RangeType)) {
            if (list_extend((List *)target, F(1)) < 0) return HS_RAISE;
            return *out = VAL_NONE, HS_RETURN;
        }
        HelperStatus st = iter_start(h, F(1), 2);
        if (st == HS_RAISE && err_matches(&TypeErrorType) && val_is(target, &ListType)) {
            err_clear();
            err_format(&TypeErrorType, "Value after * must be an iterable, not %s",
                       obj_type_name(F(1)));
        }
        return st;
    }
    case 1: return iter_started(h, in, 2);
    default:
        if (!in) return HS_RAISE;
        if (in == ITER_DONE) return *out = VAL_NONE, HS_RETURN;
        if (val_is(target, &ListType))
            list_append((List *)target, in);
        else if (set_add((Set *)target, in) < 0)
            return HS_RAISE;
        return helper_next(h, 2, F(2));
    }
}
// The target is a list or a set (it is cast to one).
static bool extend_validate(Helper *h) {
    if (!val_is(F(0), &ListType) && !val_is(F(0), &SetType))
        return helper_field_error(h, 0, "expected a list or a set, got %s", obj_type_name(F(0)));
    return true;
}
HELPER_CHECKED(extend_helper, "vm.extend", extend_step, extend_validate,
               "target:v iterable:v iterator:v", "entry", "after_iter", "item")

// ---- unpacking -------------------------------------------------------------------------------
// fields: iterable, before, after (-1: no star), iterator, items (list)

static HelperStatus unpack_step(Helper *h, Value in, Value *out) {
    int64_t before = val_small(F(1)), after = val_small(F(2));
    bool star = after >= 0;
    switch (h->label) {
    case 0: {
        F(4) = (Value)list_new(0);
        HelperStatus st = iter_start(h, F(0), 3);
        if (st == HS_RAISE && err_matches(&TypeErrorType)) {
            err_clear();
            err_format(&TypeErrorType, "cannot unpack non-iterable %s object", obj_type_name(F(0)));
        }
        return st;
    }
    case 1: return iter_started(h, in, 3);
    default: {
        if (!in) return HS_RAISE;
        List *items = (List *)F(4);
        if (in != ITER_DONE) {
            list_append(items, in);
            if (!star && items->len > before) {
                err_format(&ValueErrorType, "too many values to unpack (expected %lld)",
                           (long long)before);
                return HS_RAISE;
            }
            return helper_next(h, 2, F(3));
        }
        int64_t n = items->len;
        if (!star) {
            if (n < before) {
                err_format(&ValueErrorType, "not enough values to unpack (expected %lld, got %lld)",
                           (long long)before, (long long)n);
                return HS_RAISE;
            }
            *out = (Value)tuple_from(items->items, n);
            return HS_RETURN;
        }
        if (n < before + after) {
            err_format(&ValueErrorType,
                       "not enough values to unpack (expected at least %lld, got %lld)",
                       (long long)(before + after), (long long)n);
            return HS_RAISE;
        }
        Tuple *t = tuple_new(before + after + 1);
        for (int64_t i = 0; i < before; i++) t->items[i] = items->items[i];
        t->items[before] = (Value)list_from(items->items + before, n - before - after);
        for (int64_t i = 0; i < after; i++) t->items[before + 1 + i] = items->items[n - after + i];
        *out = (Value)t;
        return HS_RETURN;
    }
    }
}
// Counts as the compiler emits them; the list of items exists after the entry.
static bool unpack_validate(Helper *h) {
    int64_t before = val_small(F(1)), after = val_small(F(2));
    if (before < 0 || before > INT32_MAX)
        return helper_field_error(h, 1, "count out of range: %lld", (long long)before);
    if (after < -1 || after > INT32_MAX)
        return helper_field_error(h, 2, "count out of range: %lld", (long long)after);
    if (h->label > 0 && F(4) == VAL_NONE)
        return helper_field_error(h, 4, "expected list, got None");
    return true;
}
HELPER_CHECKED(unpack_helper, "vm.unpack", unpack_step, unpack_validate,
               "iterable:v before:i after:i iterator:v items:L", "entry", "after_iter", "item")

// ---- f-string and format() of user objects ------------------------------------------------------
// fields: value, conversion, spec (None: no spec), converted

static HelperStatus format_step(Helper *h, Value in, Value *out) {
    Value v = F(0);
    int conv = (int)val_small(F(1));
    Value spec = F(2);
    switch (h->label) {
    case 0: {
        Type *t = val_type(v);
        if (conv == 1 || conv == 2 || conv == 3) {
            Value d = conv == 1 ? (t->dunders[DUNDER_STR] ? t->dunders[DUNDER_STR]
                                                          : t->dunders[DUNDER_REPR])
                                : t->dunders[DUNDER_REPR];
            if (d && (conv != 1 || !(t->flags & TF_EXCEPTION) || t->dunders[DUNDER_STR]))
                return helper_call(h, 1, d, tuple_pack(1, v), NULL);
            Value rec;
            in = conv == 1 ? obj_start_str(v, &rec) : obj_start_repr(v, &rec);
            if (rec) return helper_sub(h, 1, rec);
            if (in && conv == 3) in = (Value)obj_ascii_of_repr((Str *)in);
            if (!in) return HS_RAISE;
        } else {
            in = v;
        }
        goto have_value;
    }
    case 1:
        if (!in) return HS_RAISE;
        if (!val_is(in, &StrType)) {
            err_format(&TypeErrorType, "__str__ returned non-string (type %s)", obj_type_name(in));
            return HS_RAISE;
        }
        if (conv == 3) in = (Value)obj_ascii_of_repr((Str *)in);
        goto have_value;
    default:
        if (!in) return HS_RAISE;
        if (!val_is(in, &StrType)) {
            err_format(&TypeErrorType, "__format__ must return a str, not %s", obj_type_name(in));
            return HS_RAISE;
        }
        return *out = in, HS_RETURN;
    }
have_value : {
    Value x = in;
    Type *t = val_type(x);
    Str *sp = spec == VAL_NONE ? str_empty() : (Str *)spec;
    if (t->flags & TF_HEAPTYPE) {
        if (t->dunders[DUNDER_FORMAT])
            return helper_call(h, 2, t->dunders[DUNDER_FORMAT], pair(x, (Value)sp), NULL);
        if (sp->len) {
            err_format(&TypeErrorType, "unsupported format string passed to %s.__format__",
                       t->name);
            return HS_RAISE;
        }
        Value d = t->dunders[DUNDER_STR] ? t->dunders[DUNDER_STR] : t->dunders[DUNDER_REPR];
        if (d) return helper_call(h, 2, d, tuple_pack(1, x), NULL);
    }
    if (sp->len == 0 && vmops_is_repr_container(x)) {
        Value rec, r = vmops_repr_container_start(x, &rec);
        if (rec) return helper_sub(h, 2, rec);
        if (!r) return HS_RAISE;
        return *out = r, HS_RETURN;
    }
    Str *s = obj_format(x, sp);
    if (!s) return HS_RAISE;
    return *out = (Value)s, HS_RETURN;
}
}
HELPER(format_helper, "vm.format", format_step, "value:v conversion:i spec:S", "entry",
       "after_convert", "after_format")

// FORMAT_VALUE of [v] with conversion [conv] and [spec] (VAL_NULL: none):
// the str, or a vm.format record (*out_rec) when Python code must run (a
// user object, a container holding objects with a user __repr__).
Value vmops_start_format(Value v, int conv, Value spec, Value *out_rec) {
    *out_rec = VAL_NULL;
    Type *t = val_type(v);
    bool probe = vmops_is_repr_container(v) && (conv || !spec || ((Str *)spec)->len == 0);
    if (!(t->flags & TF_HEAPTYPE) && !probe) {
        Str *s = conv == 1 ? obj_str(v) : conv == 2 ? obj_repr(v) : conv == 3 ? obj_ascii(v) : NULL;
        if (conv && !s) return VAL_NULL;
        if (spec || !conv) s = obj_format(conv ? (Value)s : v, spec ? (Str *)spec : str_empty());
        return (Value)s;
    }
    if (probe) {
        bool needs;
        Str *s = obj_repr_probe(v, &needs);
        if (!needs) {
            if (!s) return VAL_NULL;
            if (conv == 3) s = obj_ascii_of_repr(s);
            if (spec && ((Str *)spec)->len) s = obj_format((Value)s, (Str *)spec);
            return (Value)s;
        }
    }
    Helper *h = helper_new(&format_helper);
    h->fields[0] = v;
    h->fields[1] = val_from_small(conv);
    h->fields[2] = spec ? spec : VAL_NONE;
    *out_rec = (Value)h;
    return VAL_NULL;
}

// ---- calling a class ---------------------------------------------------------------------------
// fields: cls, args (tuple), kwargs (dict or None), obj

static Tuple *with_first(Value first, Tuple *rest) {
    Tuple *t = tuple_new(rest->len + 1);
    t->items[0] = first;
    memcpy(t->items + 1, rest->items, sizeof(Value) * (size_t)rest->len);
    return t;
}

static HelperStatus class_call_step(Helper *h, Value in, Value *out) {
    Type *cls = (Type *)F(0);
    Tuple *args = (Tuple *)F(1);
    Dict *kw = F(2) == VAL_NONE ? NULL : (Dict *)F(2);
    switch (h->label) {
    case 0: {
        Value nw = cls->dunders[DUNDER_NEW];
        if (nw) {
            Value fn = val_is(nw, &StaticMethodType) ? ((StaticMethod *)nw)->func : nw;
            return helper_call(h, 1, fn, with_first((Value)cls, args), kw);
        }
        if (!cls->dunders[DUNDER_INIT] && (args->len || (kw && kw->used)) &&
            !(cls->flags & TF_EXCEPTION) && cls->tp_new == ObjectType.tp_new) {
            err_format(&TypeErrorType, "%S() takes no arguments", cls->name_str);
            return HS_RAISE;
        }
        Value obj;
        if (cls->tp_new == ObjectType.tp_new || (cls->flags & TF_EXCEPTION)) {
            obj = cls->tp_new(cls, args->items, (int)args->len, NULL);
        } else {
            obj = cls->tp_new(cls, args->items, (int)args->len, NULL);
        }
        if (!obj) return HS_RAISE;
        in = obj;
        goto have_obj;
    }
    case 1:
        if (!in) return HS_RAISE;
        if (!val_isinstance(in, cls)) return *out = in, HS_RETURN;
        goto have_obj;
    default:
        if (!in) return HS_RAISE;
        if (in != VAL_NONE) {
            err_format(&TypeErrorType, "__init__() should return None, not '%s'",
                       obj_type_name(in));
            return HS_RAISE;
        }
        return *out = F(3), HS_RETURN;
    }
have_obj:
    F(3) = in;
    {
        Value init = val_type(in)->dunders[DUNDER_INIT];
        if (!init) return *out = in, HS_RETURN;
        return helper_call(h, 2, init, with_first(in, args), kw);
    }
}
// The call starts as eval.c starts it: for a class, or a type with __init__
// (the generic tp_new of other builtin types would make a broken object).
static bool class_call_validate(Helper *h) {
    Type *cls = (Type *)F(0);
    if (h->label == 0 && !(cls->flags & TF_HEAPTYPE) && !cls->dunders[DUNDER_INIT])
        return helper_field_error(h, 0, "not a class: '%s'", cls->name);
    return true;
}
HELPER_CHECKED(class_call_helper, "vm.class_call", class_call_step, class_call_validate,
               "cls:y args:t kwargs:W obj:v", "entry", "after_new", "after_init")

// ---- class statements
// ----------------------------------------------------------------------------- fields: body frame,
// name, bases (tuple), namespace

static HelperStatus build_class_step(Helper *h, Value in, Value *out) {
    switch (h->label) {
    case 0: return helper_call(h, 1, F(0), EMPTY_TUPLE, NULL); // run the body frame
    default: {
        if (!in) return HS_RAISE;
        Type *cls = type_new_class((Str *)F(1), (Tuple *)F(2), (Dict *)F(3));
        if (!cls) return HS_RAISE;
        if (val_is(in, &CellType)) ((Cell *)in)->contents = (Value)cls;
        return *out = (Value)cls, HS_RETURN;
    }
    }
}
HELPER(build_class_helper, "vm.build_class", build_class_step, "body:v name:s bases:t namespace:d",
       "entry", "after_body")

Value build_class_start(Value body, Str *name, Value *bases, int nbases, Value *out_rec) {
    Func *fn = (Func *)body;
    Dict *ns = dict_new();
    Value modname = dict_get_str(fn->globals, str_intern_cstr("__name__"));
    if (modname) dict_set_str(ns, str_intern_cstr("__module__"), modname);
    Frame *fr = frame_new(fn->code, fn, fn->globals, ns);
    Helper *h = helper_new(&build_class_helper);
    h->fields[0] = (Value)fr;
    h->fields[1] = (Value)name;
    h->fields[2] = (Value)tuple_from(bases, nbases);
    h->fields[3] = (Value)ns;
    *out_rec = (Value)h;
    return VAL_NULL;
}

// ---- builtin constructors over iterators
// ------------------------------------------------------------ list(gen), tuple(gen), set(it),
// frozenset(it), dict(pairs_gen), sorted: collect first. fields: args, kwargs, iterator, items

static HelperStatus collect_step(Helper *h, Value in, Value *out);
static bool collect_validate(Helper *h);
HELPER_CHECKED(collect_helper, "vm.collect", collect_step, collect_validate,
               "args:t kwargs:W iterator:v items:L", "entry", "after_iter", "item")

// args is (target type, iterable): a type whose tp_new takes the list of
// items; the list exists after the entry.
static bool collect_validate(Helper *h) {
    Tuple *args = (Tuple *)F(0);
    if (args->len != 2) return helper_field_error(h, 0, "expected (type, iterable)");
    Value t = args->items[0];
    if (t != (Value)&ListType && t != (Value)&TupleType && t != (Value)&SetType &&
        t != (Value)&FrozenSetType && t != (Value)&DictType)
        return helper_field_error(h, 0, "cannot collect into a '%s'", obj_type_name(t));
    if (h->label > 0 && F(3) == VAL_NONE)
        return helper_field_error(h, 3, "expected list, got None");
    return true;
}

static Type *collect_target(Helper *h) {
    return (Type *)((Tuple *)F(0))->items[0];
}

static HelperStatus collect_step(Helper *h, Value in, Value *out) {
    Tuple *args = (Tuple *)F(0);
    switch (h->label) {
    case 0: F(3) = (Value)list_new(0); return iter_start(h, args->items[1], 2);
    case 1: return iter_started(h, in, 2);
    default: {
        if (!in) return HS_RAISE;
        if (in != ITER_DONE) {
            list_append((List *)F(3), in);
            return helper_next(h, 2, F(2));
        }
        Type *t = collect_target(h);
        Value a[1] = {F(3)};
        Value r = t->tp_new(t, a, 1, NULL);
        if (!r) return HS_RAISE;
        return *out = r, HS_RETURN;
    }
    }
}

// ---- builtins called again with one argument replaced ------------------------------------------
// vm.collect_call and vm.index_call: fields 0 fn (a builtin), 1 args, 2 index
// (of the argument to replace).

// Call F(0) again with args F(1), argument F(2) replaced by [v].
static HelperStatus call_replacing(Helper *h, int label, Value v) {
    Tuple *args = (Tuple *)F(1);
    Tuple *a = tuple_from(args->items, args->len);
    a->items[val_small(F(2))] = v;
    return helper_call(h, label, F(0), a, NULL);
}

// Field 2 is an index of the args.
static bool arg_index_ok(Helper *h) {
    int64_t index = val_small(F(2));
    if (index < 0 || index >= ((Tuple *)F(1))->len)
        return helper_field_error(h, 2, "not an index of args");
    return true;
}

// ---- a builtin over an iterable that calls back: collect it first -----------------------------
// fields 3 iterator, 4 items: the builtin is called again with the list of
// the items in place of the iterable (str.join over a generator or a user
// iterator, ...).

static HelperStatus collect_call_step(Helper *h, Value in, Value *out) {
    Tuple *args = (Tuple *)F(1);
    int64_t index = val_small(F(2));
    switch (h->label) {
    case 0: F(4) = (Value)list_new(0); return iter_start(h, args->items[index], 3);
    case 1: return iter_started(h, in, 3);
    case 2: {
        if (!in) return HS_RAISE;
        if (in != ITER_DONE) {
            list_append((List *)F(4), in);
            return helper_next(h, 2, F(3));
        }
        F(3) = VAL_NONE;
        return call_replacing(h, 3, F(4));
    }
    default:
        if (!in) return HS_RAISE;
        return *out = in, HS_RETURN;
    }
}
// The iterable is one of the arguments; the list exists after the entry.
static bool collect_call_validate(Helper *h) {
    if (!arg_index_ok(h)) return false;
    if (h->label > 0 && F(4) == VAL_NONE) return helper_field_error(h, 4, "expected list");
    return true;
}
HELPER_CHECKED(collect_call_helper, "vm.collect_call", collect_call_step, collect_call_validate,
               "fn:v args:t index:i iterator:v items:L", "entry", "after_iter", "item",
               "after_call")

Value vmops_collect_call(const char *builtin, Value *args, int nargs, int index) {
    Helper *h = helper_new(&collect_call_helper);
    h->fields[0] = builtin_lookup(builtin);
    h->fields[1] = (Value)tuple_from(args, nargs);
    h->fields[2] = val_from_small(index);
    return (Value)h;
}

// ---- a builtin whose integer argument has a user __index__ -------------------------------------
// fields: fn (a builtin), args, index (of the argument). The builtin is
// called again with the int in place of the object (hex(x), seq[x], ...).

static HelperStatus index_call_step(Helper *h, Value in, Value *out) {
    Tuple *args = (Tuple *)F(1);
    int64_t index = val_small(F(2));
    switch (h->label) {
    case 0: {
        Value rec;
        in = obj_start_index(args->items[index], &rec);
        if (rec) return helper_sub(h, 1, rec);
    }
    // fall through
    case 1: {
        if (!in) return HS_RAISE;
        return call_replacing(h, 2, in);
    }
    default:
        if (!in) return HS_RAISE;
        return *out = in, HS_RETURN;
    }
}
HELPER_CHECKED(index_call_helper, "vm.index_call", index_call_step, arg_index_ok,
               "fn:v args:t index:i", "entry", "after_index", "after_call")

Value vmops_index_call(Value fn, Value *args, int nargs, int index) {
    Helper *h = helper_new(&index_call_helper);
    h->fields[0] = fn;
    h->fields[1] = (Value)tuple_from(args, nargs);
    h->fields[2] = val_from_small(index);
    return (Value)h;
}

// ---- repr of lists, tuples, dicts and sets holding objects with a user __repr__ ----------------
// The C repr runs first in probe mode (obj_repr_probe); when an item needs
// a user __repr__, the container continues as a record that asks for the
// repr of each such item (a nested container as a record of its own).
// fields: container, items (snapshot: k1, v1, ... for a dict), index (of
// the item being converted), parts (the item reprs so far), active (the
// containers being repr'd by the records of the chain, this one included).
// The C repr's recursion guard ("[...]") holds the active containers only
// while a probe runs: across a request the chain itself is the state.

extern HelperDef repr_container_helper;

bool vmops_is_repr_container(Value v) {
    Type *t = val_type(v);
    return t == &ListType || t == &TupleType || t == &DictType || t == &SetType ||
           t == &FrozenSetType;
}

// The containers being repr'd by the records from [r] down.
static List *active_reprs(Value r) {
    List *l = list_new(0);
    for (; r; r = rec_back(r))
        if (val_is(r, &HelperType) && ((Helper *)r)->def == &repr_container_helper)
            list_append(l, ((Helper *)r)->fields[0]);
    return l;
}

// obj_repr_probe(v) with the containers of [active] marked as being repr'd.
static Str *repr_probe_within(Value v, List *active, bool *needs_python) {
    int64_t n = active ? active->len : 0;
    bool *pushed = n ? gc_alloc_atomic((size_t)n) : NULL;
    for (int64_t i = 0; i < n; i++) pushed[i] = !containers_repr_enter(active->items[i]);
    Str *s = obj_repr_probe(v, needs_python);
    for (int64_t i = n - 1; i >= 0; i--)
        if (pushed[i]) containers_repr_leave(active->items[i]);
    return s;
}

// The record that computes the repr of [item] (a user object or a container).
static Value repr_record(Value item) {
    Helper *h;
    if (val_type(item)->dunders[DUNDER_REPR]) {
        extern HelperDef repr_helper;
        h = helper_new(&repr_helper);
        h->fields[HF_ARGS] = (Value)tuple_pack(1, item);
        return (Value)h;
    }
    h = helper_new(&repr_container_helper);
    h->fields[0] = item;
    return (Value)h;
}

Value vmops_repr_container_start(Value v, Value *rec) {
    *rec = VAL_NULL;
    bool needs;
    Str *s = obj_repr_probe(v, &needs);
    if (!needs) return (Value)s;
    // Containers up the chain being repr'd count: their repr here is "[...]".
    s = repr_probe_within(v, active_reprs(vm.top), &needs);
    if (!needs) return (Value)s;
    *rec = repr_record(v);
    return VAL_NULL;
}

// The text of container [c] from the reprs of its items.
static Str *repr_join(Value c, List *parts) {
    Type *t = val_type(c);
    StrBuf b;
    strbuf_init(&b);
    bool is_dict = t == &DictType;
    if (t == &FrozenSetType) strbuf_puts(&b, "frozenset(");
    strbuf_putc(&b, t == &ListType ? '[' : t == &TupleType ? '(' : '{');
    for (int64_t i = 0; i < parts->len; i++) {
        if (i) strbuf_puts(&b, is_dict && i % 2 ? ": " : ", ");
        strbuf_putstr(&b, (Str *)parts->items[i]);
    }
    if (t == &TupleType && parts->len == 1) strbuf_putc(&b, ',');
    strbuf_putc(&b, t == &ListType ? ']' : t == &TupleType ? ')' : '}');
    if (t == &FrozenSetType) strbuf_putc(&b, ')');
    return strbuf_finish(&b);
}

static HelperStatus repr_container_step(Helper *h, Value in, Value *out) {
    Value c = F(0);
    int64_t i;
    if (h->label == 0) {
        Type *t = val_type(c);
        List *items = list_new(0);
        if (t == &ListType || t == &TupleType) {
            int64_t n = t == &ListType ? ((List *)c)->len : ((Tuple *)c)->len;
            Value *it = t == &ListType ? ((List *)c)->items : ((Tuple *)c)->items;
            for (int64_t k = 0; k < n; k++) list_append(items, it[k]);
        } else if (t == &DictType) {
            int64_t pos = 0;
            Value k, x;
            while (dict_next((Dict *)c, &pos, &k, &x)) {
                list_append(items, k);
                list_append(items, x);
            }
        } else {
            int64_t pos = 0;
            Value k;
            while (set_next((Set *)c, &pos, &k)) list_append(items, k);
        }
        if (items->len == 0) {
            Str *r = obj_repr(c);
            return (*out = (Value)r) ? HS_RETURN : HS_RAISE;
        }
        F(1) = (Value)tuple_from(items->items, items->len);
        F(3) = (Value)list_new(0);
        F(4) = (Value)active_reprs((Value)h);
        i = 0;
    } else {
        if (!in) return HS_RAISE;
        if (!val_is(in, &StrType)) {
            err_format(&TypeErrorType, "__repr__ returned non-string (type %s)", obj_type_name(in));
            return HS_RAISE;
        }
        list_append((List *)F(3), in);
        i = val_small(F(2)) + 1;
    }
    Tuple *items = (Tuple *)F(1);
    for (; i < items->len; i++) {
        bool needs;
        Str *s = repr_probe_within(items->items[i], (List *)F(4), &needs);
        if (needs) {
            F(2) = val_from_small(i);
            return helper_sub(h, 1, repr_record(items->items[i]));
        }
        if (!s) return HS_RAISE;
        list_append((List *)F(3), (Value)s);
    }
    return *out = (Value)repr_join(c, (List *)F(3)), HS_RETURN;
}
// A list, tuple, dict or set; after the entry its items, the reprs of the
// first [index] of them and the active containers.
static bool repr_container_validate(Helper *h) {
    if (!vmops_is_repr_container(F(0)))
        return helper_field_error(h, 0, "cannot repr a '%s' here", obj_type_name(F(0)));
    if (h->label == 0) return true;
    if (!val_is(F(1), &TupleType) || !val_is(F(3), &ListType) || !val_is(F(4), &ListType))
        return helper_field_error(h, F(1) == VAL_NONE ? 1 : 3, "unset after the entry");
    Tuple *items = (Tuple *)F(1);
    List *parts = (List *)F(3);
    if ((val_is(F(0), &DictType) && items->len % 2) || !val_is_small(F(2)) || val_small(F(2)) < 0 ||
        val_small(F(2)) >= items->len || parts->len != val_small(F(2)))
        return helper_field_error(h, 2, "not the index of the next item");
    for (int64_t k = 0; k < parts->len; k++)
        if (!val_is(parts->items[k], &StrType))
            return helper_field_error(h, 3, "expected a list of str");
    return true;
}
HELPER_CHECKED(repr_container_helper, "vm.repr_container", repr_container_step,
               repr_container_validate, "container:v items:v index:v parts:v active:v", "entry",
               "after_item")

// ---- str(x) and repr(x) of user objects ---------------------------------------------------
// fields: args (str: (cls, x); repr: (x,)), kwargs

static HelperStatus strrepr_step(Helper *h, Value in, Value *out, bool is_str) {
    Tuple *args = (Tuple *)F(HF_ARGS);
    if (h->label == 0) {
        Value v = args->items[args->len - 1];
        Type *t = val_type(v);
        Value d =
            is_str && t->dunders[DUNDER_STR] ? t->dunders[DUNDER_STR] : t->dunders[DUNDER_REPR];
        if (is_str && (t->flags & TF_EXCEPTION) && !t->dunders[DUNDER_STR]) d = VAL_NULL;
        if (d) return helper_call(h, 1, d, tuple_pack(1, v), NULL);
        Value rec, r = is_str ? obj_start_str(v, &rec) : obj_start_repr(v, &rec);
        if (rec) return helper_sub(h, 1, rec);
        if (!r) return HS_RAISE;
        return *out = r, HS_RETURN;
    }
    if (!in) return HS_RAISE;
    if (!val_is(in, &StrType)) {
        err_format(&TypeErrorType,
                   is_str ? "__str__ returned non-string (type %s)"
                          : "__repr__ returned non-string (type %s)",
                   obj_type_name(in));
        return HS_RAISE;
    }
    return *out = in, HS_RETURN;
}
static HelperStatus str_call_step(Helper *h, Value in, Value *out) {
    return strrepr_step(h, in, out, true);
}
static HelperStatus repr_step(Helper *h, Value in, Value *out) {
    Tuple *args = (Tuple *)F(HF_ARGS);
    if (h->label == 0 && (args->len != 1 || F(HF_KWARGS) != VAL_NONE)) {
        if (F(HF_KWARGS) != VAL_NONE)
            err_format(&TypeErrorType, "repr() takes no keyword arguments");
        else
            err_format(&TypeErrorType, "repr() takes exactly one argument (%d given)",
                       (int)args->len);
        return HS_RAISE;
    }
    return strrepr_step(h, in, out, false);
}
// str(x) arrives as (str, x): the object is the last argument.
static bool str_call_validate(Helper *h) {
    if (((Tuple *)F(HF_ARGS))->len < 1) return helper_field_error(h, HF_ARGS, "no argument");
    return true;
}
HELPER_CHECKED(str_call_helper, "str.__call__", str_call_step, str_call_validate, "args:t kwargs:W",
               "entry", "after_dunder")
HELPER(repr_helper, "builtins.repr", repr_step, "args:t kwargs:W", "entry", "after_dunder")

// Builtin constructor call that needs the collect helper: `list(x)` where x
// is a generator, a user iterable or a builtin iterator that calls back.
static const HelperDef *type_new_helper_impl(Type *cls, Value *args, int nargs) {
    if (nargs != 1) return NULL;
    if (cls != &ListType && cls != &TupleType && cls != &SetType && cls != &FrozenSetType &&
        cls != &DictType)
        return NULL;
    Type *at = val_type(args[0]);
    // dict(user_mapping) reads keys() and __getitem__: the constructor does it.
    if (cls == &DictType && (at->flags & TF_HEAPTYPE)) return NULL;
    if (at == &GeneratorType || (at->flags & TF_HEAPTYPE) || at->next_helper)
        return &collect_helper;
    return NULL;
}

// Builtin-type calls are routed here by eval.c; a helper prefixes the
// class to the arguments (see helper_for_call: args[0] is the class).
const HelperDef *type_new_helper(Type *cls, Value *args, int nargs) {
    // bool(user_object): its __bool__/__len__ runs as a helper call.
    if (cls == &BoolType && nargs == 1 &&
        (val_type(args[0])->dunders[DUNDER_BOOL] || val_type(args[0])->dunders[DUNDER_LEN]))
        return &bool_call_helper;
    // str(user_object): its __str__/__repr__ runs as a helper call.
    if (cls == &StrType && nargs == 1 && (val_type(args[0])->flags & TF_HEAPTYPE) &&
        (val_type(args[0])->dunders[DUNDER_STR] || val_type(args[0])->dunders[DUNDER_REPR]))
        return &str_call_helper;
    return type_new_helper_impl(cls, args, nargs) ? &collect_helper : NULL;
}

// ---- imports
// ------------------------------------------------------------------------------------------
// fields: module, body frame, fromlist

static HelperStatus import_step(Helper *h, Value in, Value *out) {
    switch (h->label) {
    case 0: return helper_call(h, 1, F(1), EMPTY_TUPLE, NULL);
    default: {
        Module *m = (Module *)F(0);
        if (!in) {
            dict_del(vm.modules, (Value)m->name);
            return HS_RAISE;
        }
        return *out = (Value)m, HS_RETURN;
    }
    }
}
HELPER(import_helper, "vm.import", import_step, "module:m body:v fromlist:v", "entry", "after_body")

extern Value module_load_source(Str *name, Module **mod_out, Frame **frame_out);

Value import_name(Str *name, Value fromlist, Dict *globals, Value *out_rec) {
    *out_rec = VAL_NULL;
    Value m = dict_get_str(vm.modules, name);
    if (!m) {
        Module *mod;
        Frame *fr;
        Value r = module_load_source(name, &mod, &fr);
        if (!r) return VAL_NULL;
        Helper *h = helper_new(&import_helper);
        h->fields[0] = (Value)mod;
        h->fields[1] = (Value)fr;
        h->fields[2] = fromlist;
        *out_rec = (Value)h;
        return VAL_NULL;
    }
    if (fromlist == VAL_NONE) {
        // `import a.b` binds the top package a.
        const char *dot = strchr(name->data, '.');
        if (dot) {
            Value top = dict_get_str(vm.modules, str_new(name->data, dot - name->data));
            if (top) return top;
        }
    }
    return m;
}

void vmops_init(void) {
    helper_register(&binop_helper);
    helper_register(&compare_helper);
    helper_register(&truth_helper);
    helper_register(&getattr_helper);
    helper_register(&contains_helper);
    helper_register(&extend_helper);
    helper_register(&unpack_helper);
    helper_register(&format_helper);
    helper_register(&class_call_helper);
    helper_register(&build_class_helper);
    helper_register(&collect_helper);
    helper_register(&import_helper);
    helper_register(&str_call_helper);
    helper_register(&repr_helper);
    helper_register(&compare_bool_helper);
    helper_register(&hash_helper);
    helper_register(&len_helper);
    helper_register(&index_helper);
    helper_register(&iter_helper);
    helper_register(&call_helper);
    helper_register(&bool_call_helper);
    helper_register(&build_helper);
    helper_register(&collect_call_helper);
    helper_register(&index_call_helper);
    helper_register(&repr_container_helper);
}
