// ops.c — generic operations for C code (see ops.h): builtin types through
// their C slots, user classes through their special methods, run as nested
// (counted) interpreter calls; and their helper-aware forms (obj_start_*),
// which instead hand back a helper record for the Python code to run.
#include "ops.h"
#include "iterobj.h"

#include "containers.h"
#include "err.h"
#include "func.h"
#include "helper.h"
#include "num.h"
#include "str.h"
#include "type.h"
#include "vm.h"

#include <string.h>

const char *obj_type_name(Value v) {
    Type *t = val_type(v);
    return t->name;
}

static const char *const binop_syms[] = {
#define X(name, sym, d, r, i) sym,
    BINOP_LIST(X)
#undef X
};
static const char *const binop_dunders[] = {
#define X(name, sym, d, r, i) d,
    BINOP_LIST(X)
#undef X
};
static const char *const binop_rdunders[] = {
#define X(name, sym, d, r, i) r,
    BINOP_LIST(X)
#undef X
};
static const char *const binop_idunders[] = {
#define X(name, sym, d, r, i) i,
    BINOP_LIST(X)
#undef X
};

const char *binop_symbol(int op) {
    return binop_syms[op & (BINOP_INPLACE - 1)];
}
const char *binop_dunder(int op, int kind) {
    op &= BINOP_INPLACE - 1;
    return kind == 0 ? binop_dunders[op] : kind == 1 ? binop_rdunders[op] : binop_idunders[op];
}

static Value call1(Value f, Value a) {
    return vm_call_nested(f, &a, 1, NULL);
}
static Value call2(Value f, Value a, Value b) {
    Value args[2] = {a, b};
    return vm_call_nested(f, args, 2, NULL);
}

// ---- repr / str -----------------------------------------------------------------

// Probe mode of obj_repr (obj_repr_probe): a user __repr__ is not called.
static bool repr_probing, repr_probe_failed;

Str *obj_repr_probe(Value v, bool *needs_python) {
    bool outer = repr_probing;
    repr_probing = true;
    repr_probe_failed = false;
    Str *r = obj_repr(v);
    repr_probing = outer;
    *needs_python = repr_probe_failed;
    if (repr_probe_failed) {
        repr_probe_failed = false;
        if (err_occurred()) err_clear();
        return NULL;
    }
    return r;
}

// CPython's Py_EnterRecursiveCall: repr, str and comparison, which recurse
// in C through nested containers, count one level of the recursion limit
// each while they run (a RecursionError "maximum recursion depth
// exceeded[where]" past it); the C stack guard backs this up when the limit
// is raised. Balanced by leave_recursive().
static bool enter_recursive(const char *where) {
    if (!vm_check_c_stack()) return false;
    if (++vm.depth > vm.recursion_limit) {
        vm.depth--;
        err_format(&RecursionErrorType, "maximum recursion depth exceeded%s", where);
        return false;
    }
    return true;
}

static inline void leave_recursive(void) {
    vm.depth--;
}

// The repr of [v] by its type's slot or __repr__, not counted (object_str
// calls tp_repr directly in CPython).
static Value repr_slot(Value v, Type *t) {
    if (t->dunders[DUNDER_REPR]) {
        if (repr_probing) {
            repr_probe_failed = true;
            err_format(&RuntimeErrorType, "repr probe: a __repr__ of Python code");
            return VAL_NULL;
        }
        return call1(t->dunders[DUNDER_REPR], v);
    }
    return t->tp_repr ? t->tp_repr(v) : ObjectType.tp_repr(v);
}

Str *obj_repr(Value v) {
    Type *t = val_type(v);
    if (!enter_recursive(" while getting the repr of an object")) return NULL;
    Value r = repr_slot(v, t);
    leave_recursive();
    if (!r) return NULL;
    if (!val_is(r, &StrType)) {
        err_format(&TypeErrorType, "__repr__ returned non-string (type %s)", obj_type_name(r));
        return NULL;
    }
    return (Str *)r;
}

Str *obj_str(Value v) {
    Type *t = val_type(v);
    if (t == &StrType) return (Str *)v;
    if (!enter_recursive(" while getting the str of an object")) return NULL;
    Value r;
    if (t->dunders[DUNDER_STR]) {
        r = call1(t->dunders[DUNDER_STR], v);
    } else if (t->dunders[DUNDER_REPR] && !(t->flags & TF_EXCEPTION)) {
        r = call1(t->dunders[DUNDER_REPR], v);
    } else if (t->tp_str) {
        r = t->tp_str(v);
    } else {
        r = repr_slot(v, t);
    }
    leave_recursive();
    if (!r) return NULL;
    if (!val_is(r, &StrType)) {
        err_format(&TypeErrorType, "__str__ returned non-string (type %s)", obj_type_name(r));
        return NULL;
    }
    return (Str *)r;
}

Str *obj_ascii(Value v) {
    Str *r = obj_repr(v);
    return r ? obj_ascii_of_repr(r) : NULL;
}

Str *obj_ascii_of_repr(Str *r) {
    if (r->ascii) return r;
    StrBuf b;
    strbuf_init(&b);
    const unsigned char *p = (const unsigned char *)r->data, *e = p + r->len;
    while (p < e) {
        uint32_t cp = *p;
        int n = 1;
        if (cp >= 0xf0)
            cp &= 0x07, n = 4;
        else if (cp >= 0xe0)
            cp &= 0x0f, n = 3;
        else if (cp >= 0xc0)
            cp &= 0x1f, n = 2;
        for (int i = 1; i < n && p + i < e; i++) cp = (cp << 6) | (p[i] & 0x3f);
        p += n;
        if (cp < 0x80)
            strbuf_putc(&b, (char)cp);
        else if (cp < 0x100)
            strbuf_printf(&b, "\\x%02x", cp);
        else if (cp < 0x10000)
            strbuf_printf(&b, "\\u%04x", cp);
        else
            strbuf_printf(&b, "\\U%08x", cp);
    }
    return strbuf_finish(&b);
}

Str *obj_format(Value v, Str *spec) {
    Type *t = val_type(v);
    if (t->dunders[DUNDER_FORMAT]) {
        Value r = call2(t->dunders[DUNDER_FORMAT], v, (Value)spec);
        if (!r) return NULL;
        if (!val_is(r, &StrType)) {
            err_format(&TypeErrorType, "__format__ must return a str, not %s", obj_type_name(r));
            return NULL;
        }
        return (Str *)r;
    }
    if (t->flags & TF_HEAPTYPE) {
        if (spec->len) {
            err_format(&TypeErrorType, "unsupported format string passed to %s.__format__",
                       t->name);
            return NULL;
        }
        return obj_str(v);
    }
    extern Str *format_value_spec(Value v, Str * spec);
    return format_value_spec(v, spec);
}

// ---- hashing and comparison --------------------------------------------------------

bool obj_hash_result(Value r, int64_t *out) {
    if (!val_is_int(r)) {
        err_format(&TypeErrorType, "__hash__ method should return an integer");
        return false;
    }
    int64_t x = int_hash(int_value(r));
    *out = x == -1 ? -2 : x;
    return true;
}

int64_t obj_hash(Value v) {
    if (val_is_small(v)) return int_hash(val_small(v));
    Type *t = val_type(v);
    if (t == &StrType) return str_hash((Str *)v);
    Value h = t->dunders[DUNDER_HASH];
    if (h) {
        if (h == VAL_NONE) {
            err_format(&TypeErrorType, "unhashable type: '%s'", t->name);
            return -1;
        }
        Value r = call1(h, v);
        int64_t x;
        if (!r || !obj_hash_result(r, &x)) return -1;
        return x;
    }
    if (!t->tp_hash) {
        err_format(&TypeErrorType, "unhashable type: '%s'", t->name);
        return -1;
    }
    return t->tp_hash(v);
}

static const char *const cmp_syms[] = {"<", "<=", "==", "!=", ">", ">="};
static const CmpOp cmp_swapped[] = {CMP_GT, CMP_GE, CMP_EQ, CMP_NE, CMP_LT, CMP_LE};
static const DunderId cmp_dunders[] = {DUNDER_LT, DUNDER_LE, DUNDER_EQ,
                                       DUNDER_NE, DUNDER_GT, DUNDER_GE};

// One side of a rich comparison: a user dunder (nested) or the C slot.
static Value compare_side(Value a, Value b, CmpOp op) {
    Type *t = val_type(a);
    Value d = t->dunders[cmp_dunders[op]];
    if (d) return call2(d, a, b);
    if (op == CMP_NE && t->dunders[DUNDER_EQ]) {
        Value r = call2(t->dunders[DUNDER_EQ], a, b);
        if (!r || r == VAL_NOTIMPL) return r;
        int tr = obj_truth(r);
        if (tr < 0) return VAL_NULL;
        return val_bool(!tr);
    }
    if (t->tp_compare) return t->tp_compare(a, b, op);
    return VAL_NOTIMPL;
}

static Value compare(Value a, Value b, CmpOp op) {
    Type *ta = val_type(a), *tb = val_type(b);
    bool reflected_first =
        ta != tb && type_is_subtype(tb, ta) && tb->dunders[cmp_dunders[cmp_swapped[op]]];
    Value r;
    if (reflected_first) {
        r = compare_side(b, a, cmp_swapped[op]);
        if (r != VAL_NOTIMPL) return r;
    }
    r = compare_side(a, b, op);
    if (r != VAL_NOTIMPL) return r;
    if (!reflected_first) {
        r = compare_side(b, a, cmp_swapped[op]);
        if (r != VAL_NOTIMPL) return r;
    }
    if (op == CMP_EQ) return val_bool(a == b);
    if (op == CMP_NE) return val_bool(a != b);
    return err_format(&TypeErrorType, "'%s' not supported between instances of '%s' and '%s'",
                      cmp_syms[op], ta->name, tb->name);
}

Value obj_compare(Value a, Value b, CmpOp op) {
    if (!enter_recursive(" in comparison")) return VAL_NULL;
    Value r = compare(a, b, op);
    leave_recursive();
    return r;
}

int obj_eq(Value a, Value b) {
    if (a == b) return 1;
    if (val_is_small(a) && val_is_small(b)) return 0;
    Type *ta = val_type(a), *tb = val_type(b);
    if (ta == &StrType && tb == &StrType) return str_eq((Str *)a, (Str *)b);
    Value r = obj_compare(a, b, CMP_EQ);
    if (!r) return -1;
    return obj_truth(r);
}

int obj_lt(Value a, Value b) {
    if (val_is_small(a) && val_is_small(b)) return val_small(a) < val_small(b);
    Value r = obj_compare(a, b, CMP_LT);
    if (!r) return -1;
    return obj_truth(r);
}

int obj_truth(Value v) {
    if (v == VAL_TRUE) return 1;
    if (v == VAL_FALSE || v == VAL_NONE) return 0;
    if (val_is_small(v)) return val_small(v) != 0;
    Type *t = val_type(v);
    if (t->dunders[DUNDER_BOOL]) {
        Value r = call1(t->dunders[DUNDER_BOOL], v);
        if (!r) return -1;
        if (!val_is(r, &BoolType)) {
            err_format(&TypeErrorType, "__bool__ should return bool, returned %s",
                       obj_type_name(r));
            return -1;
        }
        return r == VAL_TRUE;
    }
    if (t->dunders[DUNDER_LEN]) {
        int64_t n = obj_len(v);
        return n < 0 ? -1 : n != 0;
    }
    if (t->tp_bool) return t->tp_bool(v);
    if (t->tp_len) {
        int64_t n = t->tp_len(v);
        return n < 0 ? -1 : n != 0;
    }
    return 1;
}

int64_t obj_len(Value v) {
    Type *t = val_type(v);
    if (t->dunders[DUNDER_LEN]) {
        Value r = call1(t->dunders[DUNDER_LEN], v);
        if (!r) return -1;
        if (!val_is_int(r)) {
            err_format(&TypeErrorType, "'%s' object cannot be interpreted as an integer",
                       obj_type_name(r));
            return -1;
        }
        int64_t n = int_value(r);
        if (n < 0) {
            err_format(&ValueErrorType, "__len__() should return >= 0");
            return -1;
        }
        return n;
    }
    if (!t->tp_len) {
        err_format(&TypeErrorType, "object of type '%s' has no len()", t->name);
        return -1;
    }
    return t->tp_len(v);
}

// ---- operators ----------------------------------------------------------------------

static Value binop_side(Value a, Value b, int op, int kind) {
    Type *t = val_type(a);
    if (t->flags & TF_HEAPTYPE) {
        Value d = type_lookup(t, str_intern_cstr(binop_dunder(op, kind)));
        if (!d)
            return t->tp_binop && kind == 0 ? t->tp_binop((BinOp)(op & (BINOP_INPLACE - 1)), a, b)
                                            : VAL_NOTIMPL;
        return call2(d, a, b);
    }
    if (kind == 2) return VAL_NOTIMPL;
    if (!t->tp_binop) return VAL_NOTIMPL;
    return t->tp_binop((BinOp)(op & (BINOP_INPLACE - 1)), kind == 0 ? a : b, kind == 0 ? b : a);
}

Value obj_binop(BinOp op, Value a, Value b) {
    if (!vm_check_c_stack()) return VAL_NULL;
    Value r;
    if ((int)op & BINOP_INPLACE) {
        r = binop_side(a, b, op, 2);
        if (r != VAL_NOTIMPL) return r;
        // List += keeps identity: the list slot handles INPLACE itself.
        Type *ta = val_type(a);
        if (!(ta->flags & TF_HEAPTYPE) && ta->tp_binop) {
            r = ta->tp_binop(op, a, b);
            if (r != VAL_NOTIMPL) return r;
        }
    }
    Type *ta = val_type(a), *tb = val_type(b);
    bool rfirst = ta != tb && type_is_subtype(tb, ta) && (tb->flags & TF_HEAPTYPE);
    if (rfirst) {
        r = binop_side(b, a, op, 1);
        if (r != VAL_NOTIMPL) return r;
    }
    r = binop_side(a, b, op, 0);
    if (r != VAL_NOTIMPL) return r;
    if (!rfirst && ta != tb) {
        r = binop_side(b, a, op, 1);
        if (r != VAL_NOTIMPL) return r;
    } else if (!rfirst && (ta->flags & TF_HEAPTYPE)) {
        r = binop_side(b, a, op, 1);
        if (r != VAL_NOTIMPL) return r;
    }
    int bop = op & (BINOP_INPLACE - 1);
    if (bop == BINOP_ADD && ta == &StrType)
        return err_format(&TypeErrorType, "can only concatenate str (not \"%s\") to str", tb->name);
    if (bop == BINOP_ADD && ta == &ListType)
        return err_format(&TypeErrorType, "can only concatenate list (not \"%s\") to list",
                          tb->name);
    if (bop == BINOP_ADD && ta == &TupleType)
        return err_format(&TypeErrorType, "can only concatenate tuple (not \"%s\") to tuple",
                          tb->name);
    if (bop == BINOP_POW)
        return err_format(&TypeErrorType, "unsupported operand type(s) for %s: '%s' and '%s'",
                          (op & BINOP_INPLACE) ? "**=" : "** or pow()", ta->name, tb->name);
    return err_format(&TypeErrorType, "unsupported operand type(s) for %s%s: '%s' and '%s'",
                      binop_syms[bop], (op & BINOP_INPLACE) ? "=" : "", ta->name, tb->name);
}

Value obj_unop(UnOp op, Value a) {
    if (op == UNOP_NOT) {
        int t = obj_truth(a);
        return t < 0 ? VAL_NULL : val_bool(!t);
    }
    Type *t = val_type(a);
    static const DunderId ids[] = {DUNDER_NEG, DUNDER_POS, DUNDER_INVERT};
    static const char *const syms[] = {"unary -", "unary +", "unary ~"};
    if (t->dunders[ids[op]]) return call1(t->dunders[ids[op]], a);
    if (t->tp_unop) {
        Value r = t->tp_unop(op, a);
        if (r != VAL_NOTIMPL) return r;
    }
    return err_format(&TypeErrorType, "bad operand type for %s: '%s'", syms[op], t->name);
}

// ---- items ------------------------------------------------------------------------------

Value obj_getitem(Value v, Value key) {
    Type *t = val_type(v);
    if (t->dunders[DUNDER_GETITEM]) return call2(t->dunders[DUNDER_GETITEM], v, key);
    if (t->tp_getitem) return t->tp_getitem(v, key);
    if (t == &TypeType) {
        Value cg = type_lookup((Type *)v, str_intern_cstr("__class_getitem__"));
        if (cg) return call2(cg, v, key);
        return err_format(&TypeErrorType, "type '%s' is not subscriptable", ((Type *)v)->name);
    }
    return err_format(&TypeErrorType, "'%s' object is not subscriptable", t->name);
}

int obj_setitem(Value v, Value key, Value x) {
    Type *t = val_type(v);
    if (t->dunders[DUNDER_SETITEM]) {
        Value args[3] = {v, key, x};
        return vm_call_nested(t->dunders[DUNDER_SETITEM], args, 3, NULL) ? 0 : -1;
    }
    if (t->tp_setitem) return t->tp_setitem(v, key, x);
    err_format(&TypeErrorType, "'%s' object does not support item assignment", t->name);
    return -1;
}

int obj_delitem(Value v, Value key) {
    Type *t = val_type(v);
    if (t->dunders[DUNDER_DELITEM]) return call2(t->dunders[DUNDER_DELITEM], v, key) ? 0 : -1;
    if (t->tp_setitem) return t->tp_setitem(v, key, VAL_NULL);
    err_format(&TypeErrorType, "'%s' object does not support item deletion", t->name);
    return -1;
}

int obj_contains(Value c, Value x) {
    Type *t = val_type(c);
    if (t->dunders[DUNDER_CONTAINS]) {
        Value r = call2(t->dunders[DUNDER_CONTAINS], c, x);
        return r ? obj_truth(r) : -1;
    }
    if (t->tp_contains &&
        !(t->flags & TF_HEAPTYPE && (t->dunders[DUNDER_ITER] || t->dunders[DUNDER_GETITEM])))
        return t->tp_contains(c, x);
    Value it = obj_iter(c);
    if (!it) {
        if (err_matches(&TypeErrorType)) {
            err_clear();
            err_format(&TypeErrorType, "argument of type '%s' is not iterable", t->name);
        }
        return -1;
    }
    for (;;) {
        Value y = obj_next(it);
        if (!y) return -1;
        if (y == ITER_DONE) return 0;
        int eq = obj_eq(y, x);
        if (eq != 0) return eq;
    }
}

// ---- iteration ------------------------------------------------------------------------

static Value seqiter_next(Value self) {
    SeqIter *it = (SeqIter *)self;
    if (!it->seq) return ITER_DONE;
    Value r = obj_getitem(it->seq, int_from_i64(it->index));
    if (!r) {
        if (err_matches(&IndexErrorType) || err_matches(&StopIterationType)) {
            err_clear();
            it->seq = VAL_NULL;
            return ITER_DONE;
        }
        return VAL_NULL;
    }
    it->index++;
    return r;
}

static Value self_iter(Value self) {
    return self;
}

// Readied (with its __iter__/__next__ wrappers) by containers_init.
Type SeqIterType = {
    .obj = {&TypeType},
    .name = "iterator",
    .flags = TF_ABSTRACT,
    .inst_size = sizeof(SeqIter),
    .tp_iter = self_iter,
    .tp_next = seqiter_next,
};

Value seqiter_new(Value seq) {
    SeqIter *it = (SeqIter *)obj_alloc(&SeqIterType, sizeof(SeqIter));
    it->seq = seq;
    return (Value)it;
}

Value obj_iter(Value v) {
    Type *t = val_type(v);
    if (t->dunders[DUNDER_ITER]) {
        Value r = call1(t->dunders[DUNDER_ITER], v);
        if (!r) return VAL_NULL;
        Type *rt = val_type(r);
        if (!rt->tp_next && !rt->dunders[DUNDER_NEXT] && rt != &GeneratorType)
            return err_format(&TypeErrorType, "iter() returned non-iterator of type '%s'",
                              rt->name);
        return r;
    }
    if (t->tp_iter) return t->tp_iter(v);
    if (t->dunders[DUNDER_GETITEM]) return seqiter_new(v);
    return err_format(&TypeErrorType, "'%s' object is not iterable", t->name);
}

Value obj_next(Value it) {
    Type *t = val_type(it);
    if (t->dunders[DUNDER_NEXT]) {
        Value r = call1(t->dunders[DUNDER_NEXT], it);
        if (!r && err_matches(&StopIterationType)) {
            err_clear();
            return ITER_DONE;
        }
        return r;
    }
    if (t == &GeneratorType) {
        extern Value gen_next_nested(Value gen);
        return gen_next_nested(it);
    }
    if (t->tp_next) {
        Value r = t->tp_next(it);
        extern Obj ITER_NEEDS_HELPER_OBJ;
        if (r == &ITER_NEEDS_HELPER_OBJ) {
            extern Value iter_next_via_helper(Value it);
            return iter_next_via_helper(it);
        }
        return r;
    }
    return err_format(&TypeErrorType, "'%s' object is not an iterator", t->name);
}

// ---- attributes ----------------------------------------------------------------------

// Run the call attr_get asked for; an AttributeError from a getter falls
// back to the class's __getattr__ (as CPython's slot_tp_getattr_hook does).
static Value attr_call(Value v, Str *name, Value fn, Value *args, int nargs) {
    Value r = vm_call_nested(fn, args, nargs, NULL);
    Value ga = val_type(v)->dunders[DUNDER_GETATTR];
    if (!r && ga && fn != ga && err_matches(&AttributeErrorType)) {
        err_clear();
        Value a[2] = {v, (Value)name};
        r = vm_call_nested(ga, a, 2, NULL);
    }
    return r;
}

Value obj_getattr_opt(Value v, Str *name) {
    Value out, args[3];
    int nargs;
    switch (attr_get(v, name, &out, args, &nargs)) {
    case ATTR_FOUND: return out;
    case ATTR_CALL: {
        Value r = attr_call(v, name, out, args, nargs);
        if (!r && err_matches(&AttributeErrorType)) err_clear();
        return r;
    }
    case ATTR_MISSING: return VAL_NULL;
    case ATTR_ERROR:
        if (err_matches(&AttributeErrorType)) err_clear();
        return VAL_NULL;
    }
    return VAL_NULL;
}

Value obj_getattr(Value v, Str *name) {
    Value out, args[3];
    int nargs;
    switch (attr_get(v, name, &out, args, &nargs)) {
    case ATTR_FOUND: return out;
    case ATTR_CALL: return attr_call(v, name, out, args, nargs);
    case ATTR_MISSING: return attr_error(v, name);
    case ATTR_ERROR: return VAL_NULL;
    }
    return VAL_NULL;
}

int obj_setattr(Value v, Str *name, Value x) {
    Value out, args[3];
    int nargs;
    switch (attr_set(v, name, x, &out, args, &nargs)) {
    case ATTR_FOUND: return 0;
    case ATTR_CALL: return vm_call_nested(out, args, nargs, NULL) ? 0 : -1;
    case ATTR_MISSING: attr_error(v, name); return -1;
    case ATTR_ERROR: return -1;
    }
    return -1;
}

int obj_delattr(Value v, Str *name) {
    return obj_setattr(v, name, VAL_NULL);
}

Value obj_call(Value f, Value *args, int nargs, Tuple *kwnames) {
    return vm_call_nested(f, args, nargs, kwnames);
}

// ---- numbers ---------------------------------------------------------------------------

bool obj_to_int64(Value v, int64_t *out) {
    if (val_is_int(v)) return *out = int_value(v), true;
    Type *t = val_type(v);
    if (t->dunders[DUNDER_INDEX]) {
        Value r = call1(t->dunders[DUNDER_INDEX], v);
        if (!r) return false;
        if (!val_is_int(r)) {
            err_format(&TypeErrorType, "__index__ returned non-int (type %s)", obj_type_name(r));
            return false;
        }
        return *out = int_value(r), true;
    }
    err_format(&TypeErrorType, "'%s' object cannot be interpreted as an integer", t->name);
    return false;
}

bool obj_to_index(Value v, int64_t *out) {
    return obj_to_int64(v, out);
}

bool obj_to_double(Value v, double *out) {
    if (val_is_int(v)) return *out = (double)int_value(v), true;
    Type *t = val_type(v);
    if (t == &FloatType) return *out = float_value(v), true;
    if (t->dunders[DUNDER_FLOAT]) {
        Value r = call1(t->dunders[DUNDER_FLOAT], v);
        if (!r) return false;
        if (!val_is(r, &FloatType)) {
            err_format(&TypeErrorType, "%s.__float__ returned non-float (type %s)", t->name,
                       obj_type_name(r));
            return false;
        }
        return *out = float_value(r), true;
    }
    if (t->dunders[DUNDER_INDEX]) {
        int64_t i;
        if (!obj_to_int64(v, &i)) return false;
        return *out = (double)i, true;
    }
    err_format(&TypeErrorType, "must be real number, not %s", t->name);
    return false;
}

bool obj_callable(Value v) {
    Type *t = val_type(v);
    return t == &FuncType || t == &BuiltinType || t == &BoundMethodType || t == &TypeType ||
           t->tp_call || t->dunders[DUNDER_CALL];
}

// ---- helper-aware operations (ops.h) ------------------------------------------------------

extern HelperDef binop_helper, compare_helper, truth_helper, getattr_helper, contains_helper,
    format_helper, str_call_helper, repr_helper, call_helper, hash_helper, len_helper, index_helper,
    iter_helper, compare_bool_helper;
extern Value str_mod_start(Str *fmt, Value args, Value *rec);
extern Value dict_start_getitem(Dict *d, Value key, Value *rec);
extern Value dict_start_contains(Dict *d, Value key, Value *rec);
extern Value dict_start_setitem(Dict *d, Value key, Value v, Value *rec);
extern Value dict_start_delitem(Dict *d, Value key, Value *rec);
extern Value set_start_contains(Set *s, Value key, Value *rec);
extern Value seq_start_contains(Value seq, Value x, Value *rec);
extern Value vmops_index_call(Value fn, Value *args, int nargs, int index);
extern bool vmops_is_repr_container(Value v);
extern Value vmops_repr_container_start(Value v, Value *rec);

// A fresh record of [def] with its first fields set to a, b, c (as given).
static Value record1(HelperDef *def, Value a, Value *rec) {
    Helper *h = helper_new(def);
    h->fields[0] = a;
    *rec = (Value)h;
    return VAL_NULL;
}

Value obj_call_record(Value fn, Tuple *args, Value ret) {
    Helper *h = helper_new(&call_helper);
    h->fields[0] = fn;
    h->fields[1] = (Value)args;
    h->fields[2] = ret;
    return (Value)h;
}

Value obj_start_hash(Value v, Value *rec) {
    *rec = VAL_NULL;
    if (val_is_small(v)) return int_from_i64(int_hash(val_small(v)));
    Value d = v->type->dunders[DUNDER_HASH];
    if (d && d != VAL_NONE) return record1(&hash_helper, v, rec);
    int64_t x = obj_hash(v);
    return x == -1 && err_occurred() ? VAL_NULL : int_from_i64(x);
}

Value obj_start_len(Value v, Value *rec) {
    *rec = VAL_NULL;
    if (val_type(v)->dunders[DUNDER_LEN]) return record1(&len_helper, v, rec);
    int64_t n = obj_len(v);
    return n < 0 ? VAL_NULL : int_from_i64(n);
}

Value obj_start_index(Value v, Value *rec) {
    *rec = VAL_NULL;
    if (val_is_int(v)) return v;
    if (val_type(v)->dunders[DUNDER_INDEX]) return record1(&index_helper, v, rec);
    int64_t x;
    return obj_to_int64(v, &x) ? int_from_i64(x) : VAL_NULL;
}

Value obj_start_truth(Value v, Value *rec) {
    *rec = VAL_NULL;
    Type *t = val_type(v);
    if (t->dunders[DUNDER_BOOL] || t->dunders[DUNDER_LEN]) return record1(&truth_helper, v, rec);
    int r = obj_truth(v);
    return r < 0 ? VAL_NULL : val_bool(r);
}

static Value compare_record(HelperDef *def, CmpOp op, Value a, Value b, Value *rec) {
    Helper *h = helper_new(def);
    h->fields[0] = a;
    h->fields[1] = b;
    h->fields[2] = val_from_small(op);
    *rec = (Value)h;
    return VAL_NULL;
}

Value obj_start_compare(CmpOp op, Value a, Value b, Value *rec) {
    *rec = VAL_NULL;
    if (obj_is_user(a) || obj_is_user(b)) return compare_record(&compare_helper, op, a, b, rec);
    return obj_compare(a, b, op);
}

Value obj_start_compare_bool(CmpOp op, Value a, Value b, Value *rec) {
    *rec = VAL_NULL;
    if (obj_is_user(a) || obj_is_user(b))
        return compare_record(&compare_bool_helper, op, a, b, rec);
    Value r = obj_compare(a, b, op);
    if (!r || r == VAL_TRUE || r == VAL_FALSE) return r;
    return obj_start_truth(r, rec);
}

Value obj_start_eq(Value a, Value b, Value *rec) {
    *rec = VAL_NULL;
    if (a == b) return VAL_TRUE;
    if (val_is_small(a) && val_is_small(b)) return VAL_FALSE;
    if (obj_is_user(a) || obj_is_user(b))
        return compare_record(&compare_bool_helper, CMP_EQ, a, b, rec);
    int r = obj_eq(a, b);
    return r < 0 ? VAL_NULL : val_bool(r);
}

Value obj_start_binop(int op, Value a, Value b, Value *rec) {
    *rec = VAL_NULL;
    Type *ta = val_type(a), *tb = val_type(b);
    // str % args formats in C, the conversions that run Python code as
    // requests (a str subclass with __rmod__ on the right goes first).
    if (ta == &StrType && (op & (BINOP_INPLACE - 1)) == BINOP_MOD &&
        !((tb->flags & TF_HEAPTYPE) && type_is_subtype(tb, &StrType)))
        return str_mod_start((Str *)a, b, rec);
    if (!(ta->flags & TF_HEAPTYPE) && !(tb->flags & TF_HEAPTYPE)) return obj_binop(op, a, b);
    Helper *h = helper_new(&binop_helper);
    h->fields[0] = a;
    h->fields[1] = b;
    h->fields[2] = val_from_small(op);
    *rec = (Value)h;
    return VAL_NULL;
}

// A record of a helper started like a builtin call: args, kwargs None.
static Value call_like_record(HelperDef *def, Tuple *args, Value *rec) {
    Helper *h = helper_new(def);
    h->fields[HF_ARGS] = (Value)args;
    h->fields[HF_KWARGS] = VAL_NONE;
    *rec = (Value)h;
    return VAL_NULL;
}

Value obj_start_str(Value v, Value *rec) {
    *rec = VAL_NULL;
    Type *t = val_type(v);
    if (t->dunders[DUNDER_STR] || t->dunders[DUNDER_REPR])
        return call_like_record(&str_call_helper, tuple_pack(2, (Value)&StrType, v), rec);
    // str() of a list, tuple, dict or set is its repr.
    if (vmops_is_repr_container(v)) return vmops_repr_container_start(v, rec);
    return (Value)obj_str(v);
}

Value obj_start_repr(Value v, Value *rec) {
    *rec = VAL_NULL;
    if (val_type(v)->dunders[DUNDER_REPR])
        return call_like_record(&repr_helper, tuple_pack(1, v), rec);
    if (vmops_is_repr_container(v)) return vmops_repr_container_start(v, rec);
    return (Value)obj_repr(v);
}

Value obj_start_format(Value v, Str *spec, Value *rec) {
    *rec = VAL_NULL;
    if (obj_is_user(v)) {
        Helper *h = helper_new(&format_helper);
        h->fields[0] = v;
        h->fields[1] = val_from_small(0);
        h->fields[2] = (Value)spec;
        *rec = (Value)h;
        return VAL_NULL;
    }
    if (spec->len == 0 && vmops_is_repr_container(v)) return vmops_repr_container_start(v, rec);
    return (Value)obj_format(v, spec);
}

Value obj_start_iter(Value v, Value *rec) {
    *rec = VAL_NULL;
    if (val_type(v)->dunders[DUNDER_ITER]) return record1(&iter_helper, v, rec);
    return obj_iter(v);
}

Value obj_start_getattr(Value v, Str *name, Value *rec) {
    *rec = VAL_NULL;
    Value out, args[3];
    int nargs;
    switch (attr_get(v, name, &out, args, &nargs)) {
    case ATTR_FOUND: return out;
    case ATTR_MISSING: return attr_error(v, name);
    case ATTR_ERROR: return VAL_NULL;
    case ATTR_CALL: break;
    }
    Helper *h = helper_new(&getattr_helper);
    h->fields[0] = v;
    h->fields[1] = (Value)name;
    h->fields[2] = out;
    h->fields[3] = (Value)tuple_from(args, nargs);
    *rec = (Value)h;
    return VAL_NULL;
}

// A dict, set or list (or a subclass) whose own C slot serves [dunder]
// (no user special method overrides it).
static inline bool native(Value c, Type *base, DunderId dunder) {
    Type *t = val_type(c);
    if (t == base) return true;
    return (t->flags & TF_HEAPTYPE) && !t->dunders[dunder] && type_is_subtype(t, base);
}

Value obj_start_contains(Value c, Value x, Value *rec) {
    *rec = VAL_NULL;
    Type *t = val_type(c);
    if (t == &DictType || native(c, &DictType, DUNDER_CONTAINS))
        return dict_start_contains((Dict *)c, x, rec);
    if (t == &SetType || t == &FrozenSetType) return set_start_contains((Set *)c, x, rec);
    if (t == &ListType || t == &TupleType) return seq_start_contains(c, x, rec);
    if (!(t->flags & TF_HEAPTYPE) && t->tp_contains) {
        int r = t->tp_contains(c, x);
        return r < 0 ? VAL_NULL : val_bool(r);
    }
    Helper *h = helper_new(&contains_helper);
    h->fields[0] = c;
    h->fields[1] = x;
    *rec = (Value)h;
    return VAL_NULL;
}

Value obj_start_getitem(Value c, Value k, Value *rec) {
    *rec = VAL_NULL;
    Type *t = val_type(c);
    if (t == &DictType) return dict_start_getitem((Dict *)c, k, rec);
    if (t->dunders[DUNDER_GETITEM]) {
        *rec = obj_call_record(t->dunders[DUNDER_GETITEM], tuple_pack(2, c, k), VAL_NULL);
        return VAL_NULL;
    }
    if (native(c, &DictType, DUNDER_GETITEM)) return dict_start_getitem((Dict *)c, k, rec);
    if (val_type(k)->dunders[DUNDER_INDEX] && !(t->flags & TF_HEAPTYPE) &&
        (t == &ListType || t == &TupleType || t == &StrType)) {
        // seq[x] with a user __index__: __index__ as a request, then seq[i].
        Value gi = type_lookup(t, str_intern_cstr("__getitem__"));
        if (gi) {
            Value a[2] = {c, k};
            *rec = vmops_index_call(gi, a, 2, 1);
            return VAL_NULL;
        }
    }
    return obj_getitem(c, k);
}

Value obj_start_setitem(Value c, Value k, Value v, Value *rec) {
    *rec = VAL_NULL;
    Type *t = val_type(c);
    if (t->dunders[DUNDER_SETITEM]) {
        *rec = obj_call_record(t->dunders[DUNDER_SETITEM], tuple_pack(3, c, k, v), VAL_NONE);
        return VAL_NULL;
    }
    if (native(c, &DictType, DUNDER_SETITEM)) return dict_start_setitem((Dict *)c, k, v, rec);
    return obj_setitem(c, k, v) < 0 ? VAL_NULL : VAL_NONE;
}

Value obj_start_delitem(Value c, Value k, Value *rec) {
    *rec = VAL_NULL;
    Type *t = val_type(c);
    if (t->dunders[DUNDER_DELITEM]) {
        *rec = obj_call_record(t->dunders[DUNDER_DELITEM], tuple_pack(2, c, k), VAL_NONE);
        return VAL_NULL;
    }
    if (native(c, &DictType, DUNDER_DELITEM)) return dict_start_delitem((Dict *)c, k, rec);
    return obj_delitem(c, k) < 0 ? VAL_NULL : VAL_NONE;
}
