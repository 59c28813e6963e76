// tuple.c — the tuple type and its iterator: construction, CPython 3.11's
// xxHash-based tuple hash (so that set orders and hashes match CPython),
// lexicographic comparison, concatenation, repetition, slicing, index/count.
// Also home of the repr recursion guard shared by all containers.
#include "containers_impl.h"
#include "iterobj.h"
#include "vm.h"

#include <string.h>

// ---- the empty tuple singleton ----------------------------------------------------

static struct {
    Obj obj;
    int64_t len;
} empty_tuple_obj = {{&TupleType}, 0};
Tuple *EMPTY_TUPLE = (Tuple *)&empty_tuple_obj;

// ---- repr recursion guard -----------------------------------------------------------

static Value *repr_stack;
static int64_t repr_depth, repr_cap;

int containers_repr_enter(Value v) {
    for (int64_t i = 0; i < repr_depth; i++)
        if (repr_stack[i] == v) return 1;
    if (repr_depth == repr_cap) {
        int64_t ncap = repr_cap ? repr_cap * 2 : 16;
        Value *n = gc_alloc(ncap * sizeof(Value));
        if (repr_depth) memcpy(n, repr_stack, repr_depth * sizeof(Value));
        repr_stack = n;
        repr_cap = ncap;
    }
    repr_stack[repr_depth++] = v;
    return 0;
}

void containers_repr_leave(Value v) {
    for (int64_t i = repr_depth - 1; i >= 0; i--) {
        if (repr_stack[i] == v) {
            memmove(repr_stack + i, repr_stack + i + 1, (repr_depth - i - 1) * sizeof(Value));
            repr_depth--;
            repr_stack[repr_depth] = VAL_NULL;
            return;
        }
    }
}

// ---- construction ---------------------------------------------------------------------

Tuple *tuple_new(int64_t len) {
    if (len <= 0) return EMPTY_TUPLE;
    Tuple *t = (Tuple *)gc_alloc(sizeof(Tuple) + (size_t)len * sizeof(Value));
    t->obj.type = &TupleType;
    t->len = len;
    return t;
}

Tuple *tuple_from(const Value *items, int64_t len) {
    if (len <= 0) return EMPTY_TUPLE;
    Tuple *t = tuple_new(len);
    memcpy(t->items, items, (size_t)len * sizeof(Value));
    return t;
}

Tuple *tuple_pack(int n, ...) {
    if (n <= 0) return EMPTY_TUPLE;
    Tuple *t = tuple_new(n);
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++) t->items[i] = va_arg(ap, Value);
    va_end(ap);
    return t;
}

Tuple *tuple_from_iterable(Value iterable) {
    if (val_is(iterable, &TupleType)) return (Tuple *)iterable;
    if (val_is(iterable, &ListType)) {
        List *l = (List *)iterable;
        return tuple_from(l->items, l->len);
    }
    List *l = list_from_iterable(iterable);
    if (!l) return NULL;
    return tuple_from(l->items, l->len);
}

static Value tuple_tp_new(Type *t, Value *args, int nargs, Tuple *kwnames) {
    if (kw_count(kwnames)) return err_format(&TypeErrorType, "tuple() takes no keyword arguments");
    if (nargs > 1)
        return err_format(&TypeErrorType, "tuple expected at most 1 argument, got %d", nargs);
    if (nargs == 0) return (Value)EMPTY_TUPLE;
    return (Value)tuple_from_iterable(args[0]);
}

// ---- slots ------------------------------------------------------------------------------

static Value tuple_repr(Value self) {
    Tuple *t = (Tuple *)self;
    if (t->len == 0) return (Value)str_from_cstr("()");
    if (containers_repr_enter(self)) return (Value)str_from_cstr("(...)");
    StrBuf b;
    strbuf_init(&b);
    strbuf_putc(&b, '(');
    for (int64_t i = 0; i < t->len; i++) {
        if (i) strbuf_puts(&b, ", ");
        Str *r = obj_repr(t->items[i]);
        if (!r) {
            containers_repr_leave(self);
            return VAL_NULL;
        }
        strbuf_putstr(&b, r);
    }
    if (t->len == 1) strbuf_putc(&b, ',');
    strbuf_putc(&b, ')');
    containers_repr_leave(self);
    return (Value)strbuf_finish(&b);
}

#define XXPRIME_1 UINT64_C(11400714785074694791)
#define XXPRIME_2 UINT64_C(14029467366897019727)
#define XXPRIME_5 UINT64_C(2870177450012600261)
#define XXROTATE(x) (((x) << 31) | ((x) >> 33))

static int64_t tuple_hash(Value self) {
    Tuple *t = (Tuple *)self;
    // Nested tuples recurse in C (CPython has no guard and overflows its
    // stack): RecursionError when the C stack runs short.
    if (!vm_check_c_stack()) return -1;
    uint64_t acc = XXPRIME_5;
    for (int64_t i = 0; i < t->len; i++) {
        int64_t lane = obj_hash(t->items[i]);
        if (lane == -1) return -1;
        acc += (uint64_t)lane * XXPRIME_2;
        acc = XXROTATE(acc);
        acc *= XXPRIME_1;
    }
    acc += (uint64_t)t->len ^ (XXPRIME_5 ^ UINT64_C(3527539));
    if (acc == (uint64_t)-1) return 1546275796;
    return (int64_t)acc;
}

// Lexicographic comparison of two item arrays (shared with list.c through
// the same algorithm: first differing item decides).
static Value tuple_compare(Value a, Value b, CmpOp op) {
    if (!val_is(a, &TupleType) || !val_is(b, &TupleType)) return VAL_NOTIMPL;
    Tuple *v = (Tuple *)a, *w = (Tuple *)b;
    int64_t i;
    for (i = 0; i < v->len && i < w->len; i++) {
        int k = item_eq(v->items[i], w->items[i]);
        if (k < 0) return VAL_NULL;
        if (!k) break;
    }
    if (i >= v->len || i >= w->len) {
        int64_t vl = v->len, wl = w->len;
        bool r = false;
        switch (op) {
        case CMP_LT: r = vl < wl; break;
        case CMP_LE: r = vl <= wl; break;
        case CMP_EQ: r = vl == wl; break;
        case CMP_NE: r = vl != wl; break;
        case CMP_GT: r = vl > wl; break;
        case CMP_GE: r = vl >= wl; break;
        }
        return val_bool(r);
    }
    if (op == CMP_EQ) return VAL_FALSE;
    if (op == CMP_NE) return VAL_TRUE;
    return obj_compare(v->items[i], w->items[i], op);
}

// The repetition count of `seq * n`; 1 ok, 0 not an int (NotImplemented or
// TypeError raised per [raise]), -1 error.
static int repeat_count(Value n, int64_t *out, bool raise) {
    int r = key_to_index(n, out);
    if (r != 0) return r;
    if (val_type(n)->flags & TF_HEAPTYPE) return 0;
    if (raise)
        err_format(&TypeErrorType, "can't multiply sequence by non-int of type '%s'",
                   obj_type_name(n));
    return raise ? -1 : 0;
}

static Value tuple_binop(BinOp op, Value a, Value b) {
    if (op >= BINOP_INPLACE) op -= BINOP_INPLACE;
    if (op == BINOP_ADD) {
        if (!val_is(a, &TupleType)) return VAL_NOTIMPL;
        if (!val_is(b, &TupleType)) {
            if (val_type(b)->flags & TF_HEAPTYPE) return VAL_NOTIMPL;
            return err_format(&TypeErrorType, "can only concatenate tuple (not \"%s\") to tuple",
                              obj_type_name(b));
        }
        Tuple *x = (Tuple *)a, *y = (Tuple *)b;
        if (y->len == 0) return a;
        if (x->len == 0) return b;
        Tuple *t = tuple_new(x->len + y->len);
        memcpy(t->items, x->items, (size_t)x->len * sizeof(Value));
        memcpy(t->items + x->len, y->items, (size_t)y->len * sizeof(Value));
        return (Value)t;
    }
    if (op == BINOP_MUL) {
        Value seq = val_is(a, &TupleType) ? a : b;
        Value nv = seq == a ? b : a;
        int64_t n;
        int r = repeat_count(nv, &n, true);
        if (r < 0) return VAL_NULL;
        if (r == 0) return VAL_NOTIMPL;
        Tuple *x = (Tuple *)seq;
        if (n <= 0 || x->len == 0) return (Value)EMPTY_TUPLE;
        if (n == 1) return seq;
        if (x->len > INT64_MAX / (int64_t)sizeof(Value) / n)
            return err_raise((Value)&MemoryErrorType);
        if (!gc_size_ok((uint64_t)(x->len * n) * sizeof(Value) + sizeof(Tuple))) return VAL_NULL;
        Tuple *t = tuple_new(x->len * n);
        for (int64_t k = 0; k < n; k++)
            memcpy(t->items + k * x->len, x->items, (size_t)x->len * sizeof(Value));
        return (Value)t;
    }
    return VAL_NOTIMPL;
}

static int tuple_bool(Value self) {
    return ((Tuple *)self)->len != 0;
}
static int64_t tuple_len(Value self) {
    return ((Tuple *)self)->len;
}

static Value tuple_iter(Value self) {
    TupleIter *it = (TupleIter *)obj_alloc(&TupleIterType, sizeof(TupleIter));
    it->tuple = (Tuple *)self;
    it->index = 0;
    return (Value)it;
}

static Value tuple_getitem(Value self, Value key) {
    Tuple *t = (Tuple *)self;
    int64_t i;
    int r = key_to_index(key, &i);
    if (r < 0) return VAL_NULL;
    if (r == 1) {
        if (i < 0) i += t->len;
        if (i < 0 || i >= t->len) return err_format(&IndexErrorType, "tuple index out of range");
        return t->items[i];
    }
    if (val_is(key, &SliceType)) {
        int64_t start, stop, step, n;
        if (!slice_indices((Slice *)key, t->len, &start, &stop, &step, &n)) return VAL_NULL;
        if (n == t->len && step == 1) return self;
        Tuple *res = tuple_new(n);
        for (int64_t k = 0, j = start; k < n; k++, j += step) res->items[k] = t->items[j];
        return (Value)res;
    }
    return err_format(&TypeErrorType, "tuple indices must be integers or slices, not %s",
                      obj_type_name(key));
}

static int tuple_contains(Value self, Value x) {
    Tuple *t = (Tuple *)self;
    for (int64_t i = 0; i < t->len; i++) {
        int r = item_eq(t->items[i], x);
        if (r) return r;
    }
    return 0;
}

// ---- methods ----------------------------------------------------------------------------

static Value tuple_m_index(Value *args, int nargs, Tuple *kwnames) {
    if (!check_posargs("tuple.index", "index", nargs, kwnames, 1, 1, 3)) return VAL_NULL;
    Tuple *t = (Tuple *)args[0];
    int64_t start = 0, stop = INT64_MAX;
    if (nargs > 2 && !slice_index_arg(args[2], &start)) return VAL_NULL;
    if (nargs > 3 && !slice_index_arg(args[3], &stop)) return VAL_NULL;
    start = clamp_index(start, t->len);
    stop = clamp_index(stop, t->len);
    for (int64_t i = start; i < stop && i < t->len; i++) {
        int r = item_eq(t->items[i], args[1]);
        if (r < 0) return VAL_NULL;
        if (r) return int_from_i64(i);
    }
    return err_format(&ValueErrorType, "tuple.index(x): x not in tuple");
}

static Value tuple_m_count(Value *args, int nargs, Tuple *kwnames) {
    if (!check_onearg("tuple.count", nargs, kwnames)) return VAL_NULL;
    Tuple *t = (Tuple *)args[0];
    int64_t n = 0;
    for (int64_t i = 0; i < t->len; i++) {
        int r = item_eq(t->items[i], args[1]);
        if (r < 0) return VAL_NULL;
        n += r;
    }
    return int_from_i64(n);
}

static Value tuple_m_getnewargs(Value *args, int nargs, Tuple *kwnames) {
    if (!check_noargs("tuple.__getnewargs__", nargs, kwnames)) return VAL_NULL;
    Tuple *t = (Tuple *)args[0];
    return (Value)tuple_pack(1, (Value)tuple_from(t->items, t->len));
}

static const MethodDef tuple_methods[] = {
    {"index", tuple_m_index, 0, NULL},
    {"count", tuple_m_count, 0, NULL},
    {"__getnewargs__", tuple_m_getnewargs, 0, NULL},
    {NULL, NULL, 0, NULL},
};

Type TupleType = {
    .obj = {&TypeType},
    .name = "tuple",
    .flags = TF_BASETYPE,
    .inst_size = sizeof(Tuple),
    .tp_new = tuple_tp_new,
    .tp_repr = tuple_repr,
    .tp_hash = tuple_hash,
    .tp_compare = tuple_compare,
    .tp_binop = tuple_binop,
    .tp_bool = tuple_bool,
    .tp_len = tuple_len,
    .tp_iter = tuple_iter,
    .tp_getitem = tuple_getitem,
    .tp_contains = tuple_contains,
};

// ---- tuple_iterator -----------------------------------------------------------------------

Value containers_iter_self(Value self) {
    return self;
}

static Value tupleiter_next(Value self) {
    TupleIter *it = (TupleIter *)self;
    Tuple *t = it->tuple;
    if (!t) return ITER_DONE;
    if (it->index < t->len) return t->items[it->index++];
    it->tuple = NULL;
    return ITER_DONE;
}

static Value tupleiter_length_hint(Value *args, int nargs, Tuple *kwnames) {
    TupleIter *it = (TupleIter *)args[0];
    return int_from_i64(it->tuple ? it->tuple->len - it->index : 0);
}

static const MethodDef tupleiter_methods[] = {
    {"__length_hint__", tupleiter_length_hint, 0, NULL},
    {NULL, NULL, 0, NULL},
};

Type TupleIterType = {
    .obj = {&TypeType},
    .name = "tuple_iterator",
    .flags = TF_ABSTRACT,
    .inst_size = sizeof(TupleIter),
    .tp_iter = containers_iter_self,
    .tp_next = tupleiter_next,
};

// ---- types.GenericAlias (list[int], dict[str, int] ... in annotations) ----------------------

// One item of an alias repr: types by (module-qualified) name, ... as "...".
static Str *ga_repr_item(Value p) {
    if (p == VAL_ELLIPSIS) return str_from_cstr("...");
    if (val_is(p, &TypeType)) {
        Type *t = (Type *)p;
        if (!t->module || str_eq_cstr(t->module, "builtins"))
            return t->qualname ? t->qualname : str_from_cstr(t->name);
        return str_printf("%S.%S", t->module, t->qualname);
    }
    return obj_repr(p);
}

static Value ga_repr(Value self) {
    GenericAlias *ga = (GenericAlias *)self;
    StrBuf b;
    strbuf_init(&b);
    Str *o = ga_repr_item(ga->origin);
    if (!o) return VAL_NULL;
    strbuf_putstr(&b, o);
    strbuf_putc(&b, '[');
    if (ga->args->len == 0) strbuf_puts(&b, "()");
    for (int64_t i = 0; i < ga->args->len; i++) {
        if (i) strbuf_puts(&b, ", ");
        Str *r = ga_repr_item(ga->args->items[i]);
        if (!r) return VAL_NULL;
        strbuf_putstr(&b, r);
    }
    strbuf_putc(&b, ']');
    return (Value)strbuf_finish(&b);
}

static Value ga_compare(Value a, Value b, CmpOp op) {
    if (val_type(a) != val_type(b) || (op != CMP_EQ && op != CMP_NE)) return VAL_NOTIMPL;
    GenericAlias *x = (GenericAlias *)a, *y = (GenericAlias *)b;
    int r = x->origin == y->origin;
    if (r) {
        Value e = tuple_compare((Value)x->args, (Value)y->args, CMP_EQ);
        if (!e) return VAL_NULL;
        r = e == VAL_TRUE;
    }
    return val_bool(op == CMP_EQ ? r : !r);
}

static int64_t ga_hash(Value self) {
    GenericAlias *ga = (GenericAlias *)self;
    int64_t h0 = obj_hash(ga->origin);
    if (h0 == -1) return -1;
    int64_t h1 = tuple_hash((Value)ga->args);
    if (h1 == -1) return -1;
    int64_t h = h0 ^ h1;
    return h == -1 ? -2 : h;
}

static Value ga_getattr(Value self, Str *name) {
    GenericAlias *ga = (GenericAlias *)self;
    if (str_eq_cstr(name, "__origin__")) return ga->origin;
    if (str_eq_cstr(name, "__args__")) return (Value)ga->args;
    if (str_eq_cstr(name, "__parameters__")) return (Value)EMPTY_TUPLE;
    return VAL_NULL;
}

static Value ga_call(Value self, Value *args, int nargs, Tuple *kwnames) {
    GenericAlias *ga = (GenericAlias *)self;
    return obj_call(ga->origin, args, nargs, kwnames);
}

Type GenericAliasType = {
    .obj = {&TypeType},
    .name = "GenericAlias",
    .flags = TF_ABSTRACT,
    .inst_size = sizeof(GenericAlias),
    .tp_repr = ga_repr,
    .tp_hash = ga_hash,
    .tp_compare = ga_compare,
    .tp_call = ga_call,
    .tp_getattr = ga_getattr,
};

// cls[item]: a GenericAlias. Registered as a plain builtin taking (cls, item),
// which is how the generic subscript code calls __class_getitem__.
static Value class_getitem(Value *args, int nargs, Tuple *kwnames) {
    if (nargs != 2 || kw_count(kwnames))
        return err_format(&TypeErrorType, "__class_getitem__ expected 1 argument, got %d",
                          nargs - 1);
    GenericAlias *ga = (GenericAlias *)obj_alloc(&GenericAliasType, sizeof(GenericAlias));
    ga->origin = args[0];
    ga->args = val_is(args[1], &TupleType) ? (Tuple *)args[1] : tuple_pack(1, args[1]);
    return (Value)ga;
}

static const MethodDef class_getitem_methods[] = {
    {"__class_getitem__", class_getitem, 0, NULL},
    {NULL, NULL, 0, NULL},
};

// Register tuple methods (called from containers_init).
void tuple_init(void) {
    type_add_methods(&TupleType, tuple_methods);
    type_add_methods(&TupleIterType, tupleiter_methods);
    type_ready(&GenericAliasType);
    GenericAliasType.module = str_intern_cstr("types");
    Type *generic[] = {&TupleType, &ListType, &DictType, &SetType, &FrozenSetType};
    for (size_t i = 0; i < sizeof generic / sizeof generic[0]; i++)
        type_add_methods(generic[i], class_getitem_methods);
}
