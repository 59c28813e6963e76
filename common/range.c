// range.c — range (64-bit bounds), its iterator (the hottest iterator of
// the benchmarks: tp_next stays tiny), and slice objects with CPython's
// PySlice_GetIndicesEx resolution.
#include "containers_impl.h"

// ---- range ----------------------------------------------------------------------------

// Number of items of range(start, stop, step); -1 with OverflowError when
// it does not fit int64.
static int64_t range_length(int64_t start, int64_t stop, int64_t step) {
    uint64_t n;
    if (step > 0) {
        if (start >= stop) return 0;
        n = ((uint64_t)stop - (uint64_t)start - 1) / (uint64_t)step + 1;
    } else {
        if (start <= stop) return 0;
        n = ((uint64_t)start - (uint64_t)stop - 1) / (0 - (uint64_t)step) + 1;
    }
    if (n > (uint64_t)INT64_MAX) {
        err_format(&OverflowErrorType, "Python int too large to convert to C ssize_t");
        return -1;
    }
    return (int64_t)n;
}

Value range_new(int64_t start, int64_t stop, int64_t step) {
    if (step == 0) return err_format(&ValueErrorType, "range() arg 3 must not be zero");
    int64_t len = range_length(start, stop, step);
    if (len < 0) return VAL_NULL;
    Range *r = (Range *)obj_alloc(&RangeType, sizeof(Range));
    r->start = start;
    r->stop = stop;
    r->step = step;
    r->len = len;
    return (Value)r;
}

// An integer argument (int or __index__): "'float' object cannot be
// interpreted as an integer".
static bool int_arg(Value v, int64_t *out) {
    int r = key_to_index(v, out);
    if (r == 1) return true;
    if (r == 0)
        err_format(&TypeErrorType, "'%s' object cannot be interpreted as an integer",
                   obj_type_name(v));
    return false;
}

static Value range_tp_new(Type *t, Value *args, int nargs, Tuple *kwnames) {
    if (kw_count(kwnames)) return err_format(&TypeErrorType, "range() takes no keyword arguments");
    if (nargs < 1) return err_format(&TypeErrorType, "range expected at least 1 argument, got 0");
    if (nargs > 3)
        return err_format(&TypeErrorType, "range expected at most 3 arguments, got %d", nargs);
    int64_t start = 0, stop, step = 1;
    if (nargs == 1) {
        if (!int_arg(args[0], &stop)) return VAL_NULL;
    } else {
        if (!int_arg(args[0], &start) || !int_arg(args[1], &stop)) return VAL_NULL;
        if (nargs == 3 && !int_arg(args[2], &step)) return VAL_NULL;
    }
    return range_new(start, stop, step);
}

static Value range_repr(Value self) {
    Range *r = (Range *)self;
    if (r->step == 1)
        return (Value)str_printf("range(%lld, %lld)", (long long)r->start, (long long)r->stop);
    return (Value)str_printf("range(%lld, %lld, %lld)", (long long)r->start, (long long)r->stop,
                             (long long)r->step);
}

static int64_t range_hash(Value self) {
    Range *r = (Range *)self;
    Tuple *t;
    if (r->len == 0)
        t = tuple_pack(3, int_from_i64(0), VAL_NONE, VAL_NONE);
    else if (r->len == 1)
        t = tuple_pack(3, int_from_i64(1), int_from_i64(r->start), VAL_NONE);
    else
        t = tuple_pack(3, int_from_i64(r->len), int_from_i64(r->start), int_from_i64(r->step));
    return obj_hash((Value)t);
}

static Value range_compare(Value a, Value b, CmpOp op) {
    if (!val_is(a, &RangeType) || !val_is(b, &RangeType)) return VAL_NOTIMPL;
    if (op != CMP_EQ && op != CMP_NE) return VAL_NOTIMPL;
    Range *x = (Range *)a, *y = (Range *)b;
    bool eq;
    if (x == y)
        eq = true;
    else if (x->len != y->len)
        eq = false;
    else if (x->len == 0)
        eq = true;
    else if (x->start != y->start)
        eq = false;
    else if (x->len == 1)
        eq = true;
    else
        eq = x->step == y->step;
    return val_bool(op == CMP_EQ ? eq : !eq);
}

static int range_bool(Value self) {
    return ((Range *)self)->len != 0;
}
static int64_t range_len(Value self) {
    return ((Range *)self)->len;
}

static Value range_iter(Value self) {
    Range *r = (Range *)self;
    RangeIter *it = (RangeIter *)obj_alloc(&RangeIterType, sizeof(RangeIter));
    it->next = r->start;
    it->step = r->step;
    it->remaining = r->len;
    return (Value)it;
}

Value range_reversed(Range *r) {
    RangeIter *it = (RangeIter *)obj_alloc(&RangeIterType, sizeof(RangeIter));
    it->next = r->len ? (int64_t)((uint64_t)r->start + (uint64_t)(r->len - 1) * (uint64_t)r->step)
                      : r->start;
    it->step = (int64_t)(0 - (uint64_t)r->step);
    it->remaining = r->len;
    return (Value)it;
}

// The i-th item (0 <= i < len).
static inline int64_t range_item(Range *r, int64_t i) {
    return (int64_t)((uint64_t)r->start + (uint64_t)i * (uint64_t)r->step);
}

static Value range_getitem(Value self, Value key) {
    Range *r = (Range *)self;
    int64_t i;
    int k = key_to_index(key, &i);
    if (k < 0) return VAL_NULL;
    if (k == 1) {
        if (i < 0) i += r->len;
        if (i < 0 || i >= r->len)
            return err_format(&IndexErrorType, "range object index out of range");
        return int_from_i64(range_item(r, i));
    }
    if (val_is(key, &SliceType)) {
        int64_t start, stop, step, n;
        if (!slice_indices((Slice *)key, r->len, &start, &stop, &step, &n)) return VAL_NULL;
        __int128 nstart = (__int128)r->start + (__int128)start * r->step;
        __int128 nstop = (__int128)r->start + (__int128)stop * r->step;
        __int128 nstep = (__int128)step * r->step;
        if (nstart < INT64_MIN || nstart > INT64_MAX || nstop < INT64_MIN || nstop > INT64_MAX ||
            nstep < INT64_MIN || nstep > INT64_MAX)
            return err_format(&OverflowErrorType, "Python int too large to convert to C int64");
        return range_new((int64_t)nstart, (int64_t)nstop, (int64_t)nstep);
    }
    return err_format(&TypeErrorType, "range indices must be integers or slices, not %s",
                      obj_type_name(key));
}

// Position of the int [v] in [r], or -1.
static int64_t range_find_int(Range *r, int64_t v) {
    if (r->len == 0) return -1;
    if (r->step > 0 ? (v < r->start || v >= r->stop) : (v > r->start || v <= r->stop)) return -1;
    __int128 d = (__int128)v - r->start;
    if (d % r->step != 0) return -1;
    return (int64_t)(d / r->step);
}

static bool is_exact_int(Value v) {
    return val_is_small(v) || v->type == &IntType || v->type == &BoolType;
}

static int range_contains(Value self, Value x) {
    Range *r = (Range *)self;
    if (is_exact_int(x)) return range_find_int(r, int_value(x)) >= 0;
    for (int64_t i = 0; i < r->len; i++) {
        int k = obj_eq(int_from_i64(range_item(r, i)), x);
        if (k) return k;
    }
    return 0;
}

static Value range_getattr(Value self, Str *name) {
    Range *r = (Range *)self;
    if (str_eq_cstr(name, "start")) return int_from_i64(r->start);
    if (str_eq_cstr(name, "stop")) return int_from_i64(r->stop);
    if (str_eq_cstr(name, "step")) return int_from_i64(r->step);
    return VAL_NULL;
}

static Value range_m_count(Value *args, int nargs, Tuple *kwnames) {
    if (!check_onearg("range.count", nargs, kwnames)) return VAL_NULL;
    Range *r = (Range *)args[0];
    Value x = args[1];
    if (is_exact_int(x)) return int_from_i64(range_find_int(r, int_value(x)) >= 0);
    int64_t n = 0;
    for (int64_t i = 0; i < r->len; i++) {
        int k = obj_eq(int_from_i64(range_item(r, i)), x);
        if (k < 0) return VAL_NULL;
        n += k;
    }
    return int_from_i64(n);
}

static Value range_m_index(Value *args, int nargs, Tuple *kwnames) {
    if (!check_onearg("range.index", nargs, kwnames)) return VAL_NULL;
    Range *r = (Range *)args[0];
    Value x = args[1];
    if (is_exact_int(x)) {
        int64_t i = range_find_int(r, int_value(x));
        if (i >= 0) return int_from_i64(i);
        return err_format(&ValueErrorType, "%lld is not in range", (long long)int_value(x));
    }
    for (int64_t i = 0; i < r->len; i++) {
        int k = obj_eq(int_from_i64(range_item(r, i)), x);
        if (k < 0) return VAL_NULL;
        if (k) return int_from_i64(i);
    }
    return err_format(&ValueErrorType, "sequence.index(x): x not in sequence");
}

static Value range_m_reversed(Value *args, int nargs, Tuple *kwnames) {
    if (!check_noargs("range.__reversed__", nargs, kwnames)) return VAL_NULL;
    return range_reversed((Range *)args[0]);
}

static const MethodDef range_methods[] = {
    {"count", range_m_count, 0, NULL},
    {"index", range_m_index, 0, NULL},
    {"__reversed__", range_m_reversed, 0, NULL},
    {NULL, NULL, 0, NULL},
};

Type RangeType = {
    .obj = {&TypeType},
    .name = "range",
    .inst_size = sizeof(Range),
    .tp_new = range_tp_new,
    .tp_repr = range_repr,
    .tp_hash = range_hash,
    .tp_compare = range_compare,
    .tp_bool = range_bool,
    .tp_len = range_len,
    .tp_iter = range_iter,
    .tp_getitem = range_getitem,
    .tp_contains = range_contains,
    .tp_getattr = range_getattr,
};

// ---- range_iterator -----------------------------------------------------------------------

static Value rangeiter_next(Value self) {
    RangeIter *it = (RangeIter *)self;
    if (it->remaining <= 0) return ITER_DONE;
    int64_t v = it->next;
    it->next = (int64_t)((uint64_t)v + (uint64_t)it->step);
    it->remaining--;
    return val_fits_small(v) ? val_from_small(v) : int_from_i64(v);
}

static Value rangeiter_length_hint(Value *args, int nargs, Tuple *kwnames) {
    RangeIter *it = (RangeIter *)args[0];
    return int_from_i64(it->remaining > 0 ? it->remaining : 0);
}

static const MethodDef rangeiter_methods[] = {
    {"__length_hint__", rangeiter_length_hint, 0, NULL},
    {NULL, NULL, 0, NULL},
};

Type RangeIterType = {
    .obj = {&TypeType},
    .name = "range_iterator",
    .flags = TF_ABSTRACT,
    .inst_size = sizeof(RangeIter),
    .tp_iter = containers_iter_self,
    .tp_next = rangeiter_next,
};

// ---- slice -----------------------------------------------------------------------------------

Value slice_new(Value start, Value stop, Value step) {
    Slice *s = (Slice *)obj_alloc(&SliceType, sizeof(Slice));
    s->start = start ? start : VAL_NONE;
    s->stop = stop ? stop : VAL_NONE;
    s->step = step ? step : VAL_NONE;
    return (Value)s;
}

static Value slice_tp_new(Type *t, Value *args, int nargs, Tuple *kwnames) {
    if (kw_count(kwnames)) return err_format(&TypeErrorType, "slice() takes no keyword arguments");
    if (nargs < 1) return err_format(&TypeErrorType, "slice expected at least 1 argument, got 0");
    if (nargs > 3)
        return err_format(&TypeErrorType, "slice expected at most 3 arguments, got %d", nargs);
    if (nargs == 1) return slice_new(VAL_NONE, args[0], VAL_NONE);
    return slice_new(args[0], args[1], nargs == 3 ? args[2] : VAL_NONE);
}

// CPython's _PyEval_SliceIndex: None leaves *out unchanged.
static bool slice_index(Value v, int64_t *out) {
    if (v == VAL_NONE) return true;
    int r = key_to_index(v, out);
    if (r == 1) return true;
    if (r == 0)
        err_format(&TypeErrorType,
                   "slice indices must be integers or None or have an __index__ method");
    return false;
}

bool slice_indices(Slice *s, int64_t length, int64_t *start, int64_t *stop, int64_t *step,
                   int64_t *slicelen) {
    int64_t st = 1;
    if (s->step != VAL_NONE) {
        if (!slice_index(s->step, &st)) return false;
        if (st == 0) {
            err_format(&ValueErrorType, "slice step cannot be zero");
            return false;
        }
        if (st < -INT64_MAX) st = -INT64_MAX;
    }
    int64_t a = st < 0 ? INT64_MAX : 0;
    int64_t b = st < 0 ? INT64_MIN : INT64_MAX;
    if (!slice_index(s->start, &a) || !slice_index(s->stop, &b)) return false;
    if (a < 0) {
        a += length;
        if (a < 0) a = st < 0 ? -1 : 0;
    } else if (a >= length) {
        a = st < 0 ? length - 1 : length;
    }
    if (b < 0) {
        b += length;
        if (b < 0) b = st < 0 ? -1 : 0;
    } else if (b >= length) {
        b = st < 0 ? length - 1 : length;
    }
    int64_t n = 0;
    if (st < 0) {
        if (b < a) n = (int64_t)(((uint64_t)a - (uint64_t)b - 1) / (0 - (uint64_t)st) + 1);
    } else {
        if (a < b) n = (int64_t)(((uint64_t)b - (uint64_t)a - 1) / (uint64_t)st + 1);
    }
    *start = a;
    *stop = b;
    *step = st;
    *slicelen = n;
    return true;
}

static Value slice_repr(Value self) {
    Slice *s = (Slice *)self;
    Str *a = obj_repr(s->start);
    if (!a) return VAL_NULL;
    Str *b = obj_repr(s->stop);
    if (!b) return VAL_NULL;
    Str *c = obj_repr(s->step);
    if (!c) return VAL_NULL;
    return (Value)str_printf("slice(%S, %S, %S)", a, b, c);
}

static Value slice_compare(Value a, Value b, CmpOp op) {
    if (!val_is(a, &SliceType) || !val_is(b, &SliceType)) return VAL_NOTIMPL;
    Slice *x = (Slice *)a, *y = (Slice *)b;
    if (x == y && (op == CMP_EQ || op == CMP_NE)) return val_bool(op == CMP_EQ);
    Tuple *t1 = tuple_pack(3, x->start, x->stop, x->step);
    Tuple *t2 = tuple_pack(3, y->start, y->stop, y->step);
    return TupleType.tp_compare((Value)t1, (Value)t2, op);
}

static Value slice_getattr(Value self, Str *name) {
    Slice *s = (Slice *)self;
    if (str_eq_cstr(name, "start")) return s->start;
    if (str_eq_cstr(name, "stop")) return s->stop;
    if (str_eq_cstr(name, "step")) return s->step;
    return VAL_NULL;
}

static Value slice_m_indices(Value *args, int nargs, Tuple *kwnames) {
    if (!check_onearg("slice.indices", nargs, kwnames)) return VAL_NULL;
    int64_t len;
    if (!int_arg(args[1], &len)) return VAL_NULL;
    if (len < 0) return err_format(&ValueErrorType, "length should not be negative");
    int64_t start, stop, step, n;
    if (!slice_indices((Slice *)args[0], len, &start, &stop, &step, &n)) return VAL_NULL;
    return (Value)tuple_pack(3, int_from_i64(start), int_from_i64(stop), int_from_i64(step));
}

static const MethodDef slice_methods[] = {
    {"indices", slice_m_indices, 0, NULL},
    {NULL, NULL, 0, NULL},
};

Type SliceType = {
    .obj = {&TypeType},
    .name = "slice",
    .inst_size = sizeof(Slice),
    .tp_new = slice_tp_new,
    .tp_repr = slice_repr,
    .tp_compare = slice_compare,
    .tp_getattr = slice_getattr,
};

void range_init(void) {
    type_add_methods(&RangeType, range_methods);
    type_add_methods(&RangeIterType, rangeiter_methods);
    type_add_methods(&SliceType, slice_methods);
}
