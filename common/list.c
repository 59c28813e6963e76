// list.c — the list type and its forward/reverse iterators: growth,
// indexing, slicing and slice assignment (including extended slices),
// concatenation, repetition, comparisons and the list methods. list.sort is
// a helper (listsort.c) because key functions and __lt__ call back;
// `in`, index, count and remove continue as helper records when an item's
// __eq__ is Python code.
#include "containers_impl.h"
#include "helper.h"

#include <string.h>

// ---- storage ------------------------------------------------------------------------

// Make room for at least [need] items.
static void list_grow(List *l, int64_t need) {
    if (need <= l->cap) return;
    int64_t ncap = l->cap < 4 ? 4 : l->cap * 2;
    if (ncap < need) ncap = need;
    Value *items = gc_alloc((size_t)ncap * sizeof(Value));
    if (l->len > 0) memcpy(items, l->items, (size_t)l->len * sizeof(Value));
    l->items = items;
    l->cap = ncap;
}

// Shrink to [n] items, clearing the vacated slots so that the collector can
// reclaim what they referenced.
static void list_truncate(List *l, int64_t n) {
    if (n >= l->len) return;
    memset(l->items + n, 0, (size_t)(l->len - n) * sizeof(Value));
    l->len = n;
}

List *list_new(int64_t cap) {
    List *l = (List *)obj_alloc(&ListType, sizeof(List));
    if (cap > 0) {
        l->items = gc_alloc((size_t)cap * sizeof(Value));
        l->cap = cap;
    }
    return l;
}

List *list_from(const Value *items, int64_t len) {
    List *l = list_new(len);
    if (len > 0) memcpy(l->items, items, (size_t)len * sizeof(Value));
    l->len = len > 0 ? len : 0;
    return l;
}

void list_append(List *l, Value v) {
    if (l->len >= l->cap) list_grow(l, l->len + 1);
    l->items[l->len++] = v;
}

// Append [n] items (which may alias l's own storage).
static void list_append_n(List *l, const Value *items, int64_t n) {
    if (n <= 0) return;
    if (items == l->items) {
        Value *copy = gc_alloc((size_t)n * sizeof(Value));
        memcpy(copy, items, (size_t)n * sizeof(Value));
        items = copy;
    }
    list_grow(l, l->len + n);
    memcpy(l->items + l->len, items, (size_t)n * sizeof(Value));
    l->len += n;
}

void list_set_items(List *l, const Value *items, int64_t len) {
    if (items == l->items && len <= l->len) {
        list_truncate(l, len);
        return;
    }
    Value *copy = gc_alloc((size_t)(len > 0 ? len : 1) * sizeof(Value));
    if (len > 0) memcpy(copy, items, (size_t)len * sizeof(Value));
    l->items = copy;
    l->len = len > 0 ? len : 0;
    l->cap = len > 0 ? len : 1;
}

Value list_get(List *l, int64_t i) {
    if (i < 0) i += l->len;
    if (i < 0 || i >= l->len) return err_format(&IndexErrorType, "list index out of range");
    return l->items[i];
}

// Types whose iteration never calls back into Python code.
static bool is_builtin_iterable(Type *t) {
    return t == &ListType || t == &TupleType || t == &RangeType || t == &StrType ||
           t == &DictType || t == &SetType || t == &FrozenSetType || t == &DictKeysType ||
           t == &DictValuesType || t == &DictItemsType || t == &ListIterType ||
           t == &TupleIterType || t == &RangeIterType || t == &StrIterType ||
           t == &DictKeyIterType || t == &DictValueIterType || t == &DictItemIterType ||
           t == &SetIterType || t == &ListRevIterType || t == &DictRevKeyIterType ||
           t == &DictRevValueIterType || t == &DictRevItemIterType;
}

int list_extend_builtin(List *l, Value it) {
    Type *t = val_type(it);
    if (t == &ListType) {
        List *o = (List *)it;
        list_append_n(l, o->items, o->len);
        return 0;
    }
    if (t == &TupleType) {
        Tuple *o = (Tuple *)it;
        list_append_n(l, o->items, o->len);
        return 0;
    }
    if (t == &RangeType) {
        Range *r = (Range *)it;
        if (r->len > INT64_MAX / (int64_t)sizeof(Value) - l->len) {
            err_raise((Value)&MemoryErrorType);
            return -1;
        }
        if (!gc_size_ok((uint64_t)(l->len + r->len) * sizeof(Value))) return -1;
        list_grow(l, l->len + r->len);
        int64_t v = r->start;
        for (int64_t i = 0; i < r->len; i++, v = (int64_t)((uint64_t)v + (uint64_t)r->step))
            l->items[l->len++] = int_from_i64(v);
        return 0;
    }
    if (!is_builtin_iterable(t)) {
        err_format(&TypeErrorType, "list_extend_builtin: '%s' is not a builtin iterable", t->name);
        return -1;
    }
    Value iter = t->tp_iter(it);
    if (!iter) return -1;
    Type *itype = val_type(iter);
    for (;;) {
        Value x = itype->tp_next(iter);
        if (x == ITER_DONE) return 0;
        if (!x) return -1;
        list_append(l, x);
    }
}

int list_extend(List *l, Value iterable) {
    if (is_builtin_iterable(val_type(iterable))) return list_extend_builtin(l, iterable);
    Value it = obj_iter(iterable);
    if (!it) return -1;
    Type *itype = val_type(it);
    if (is_builtin_iterable(itype)) return list_extend_builtin(l, it);
    for (;;) {
        Value x = obj_next(it);
        if (x == ITER_DONE) return 0;
        if (!x) return -1;
        list_append(l, x);
    }
}

List *list_from_iterable(Value iterable) {
    List *l = list_new(0);
    if (list_extend(l, iterable) < 0) return NULL;
    return l;
}

List *seq_fast(Value v, const char *msg) {
    Type *t = val_type(v);
    if (t == &ListType) return list_from(((List *)v)->items, ((List *)v)->len);
    if (t == &TupleType) return list_from(((Tuple *)v)->items, ((Tuple *)v)->len);
    List *l = list_new(0);
    if (is_builtin_iterable(t)) return list_extend_builtin(l, v) < 0 ? NULL : l;
    Value it = obj_iter(v);
    if (!it) {
        if (err_matches(&TypeErrorType)) {
            err_clear();
            err_format(&TypeErrorType, "%s", msg);
        }
        return NULL;
    }
    for (;;) {
        Value x = obj_next(it);
        if (x == ITER_DONE) return l;
        if (!x) return NULL;
        list_append(l, x);
    }
}

// ---- slots -----------------------------------------------------------------------------

static Value list_tp_new(Type *t, Value *args, int nargs, Tuple *kwnames) {
    if (kw_count(kwnames)) return err_format(&TypeErrorType, "list() takes no keyword arguments");
    if (nargs > 1)
        return err_format(&TypeErrorType, "list expected at most 1 argument, got %d", nargs);
    List *l = (List *)obj_alloc(t, t->inst_size > sizeof(List) ? t->inst_size : sizeof(List));
    if (nargs == 1 && list_extend(l, args[0]) < 0) return VAL_NULL;
    return (Value)l;
}

static Value list_repr(Value self) {
    List *l = (List *)self;
    if (l->len == 0) return (Value)str_from_cstr("[]");
    if (containers_repr_enter(self)) return (Value)str_from_cstr("[...]");
    StrBuf b;
    strbuf_init(&b);
    strbuf_putc(&b, '[');
    for (int64_t i = 0; i < l->len; i++) {
        if (i) strbuf_puts(&b, ", ");
        Str *r = obj_repr(l->items[i]);
        if (!r) {
            containers_repr_leave(self);
            return VAL_NULL;
        }
        strbuf_putstr(&b, r);
    }
    strbuf_putc(&b, ']');
    containers_repr_leave(self);
    return (Value)strbuf_finish(&b);
}

static Value list_compare(Value a, Value b, CmpOp op) {
    if (!val_is(a, &ListType) || !val_is(b, &ListType)) return VAL_NOTIMPL;
    List *v = (List *)a, *w = (List *)b;
    if (v->len != w->len && (op == CMP_EQ || op == CMP_NE)) return val_bool(op == CMP_NE);
    int64_t i;
    for (i = 0; i < v->len && i < w->len; i++) {
        Value x = v->items[i], y = w->items[i];
        if (x == y) continue;
        int k = item_eq(x, y);
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

// The count of `list * n`: 1 ok, 0 NotImplemented, -1 error.
static int list_repeat_count(Value n, int64_t *out) {
    int r = key_to_index(n, out);
    if (r != 0) return r;
    if (val_type(n)->flags & TF_HEAPTYPE) return 0;
    err_format(&TypeErrorType, "can't multiply sequence by non-int of type '%s'", obj_type_name(n));
    return -1;
}

// Check that [len] * [n] items (both > 0) can be allocated: MemoryError if
// not, as CPython.
static bool repeat_ok(int64_t len, int64_t n) {
    if (len > INT64_MAX / (int64_t)sizeof(Value) / n) {
        err_raise((Value)&MemoryErrorType);
        return false;
    }
    return gc_size_ok((uint64_t)(len * n) * sizeof(Value));
}

static Value list_binop(BinOp op, Value a, Value b) {
    if (op == BINOP_INPLACE + BINOP_ADD) {
        if (!val_is(a, &ListType)) return VAL_NOTIMPL;
        Type *bt = val_type(b);
        if ((bt->flags & TF_HEAPTYPE) && !bt->dunders[DUNDER_ITER] && !bt->dunders[DUNDER_GETITEM])
            return VAL_NOTIMPL;
        if (list_extend((List *)a, b) < 0) return VAL_NULL;
        return a;
    }
    if (op == BINOP_INPLACE + BINOP_MUL) {
        if (!val_is(a, &ListType)) return VAL_NOTIMPL;
        List *l = (List *)a;
        int64_t n;
        int r = list_repeat_count(b, &n);
        if (r <= 0) return r < 0 ? VAL_NULL : VAL_NOTIMPL;
        if (n <= 0 || l->len == 0) {
            list_truncate(l, 0);
            return a;
        }
        if (!repeat_ok(l->len, n)) return VAL_NULL;
        int64_t len = l->len;
        list_grow(l, len * n);
        for (int64_t k = 1; k < n; k++)
            memcpy(l->items + k * len, l->items, (size_t)len * sizeof(Value));
        l->len = len * n;
        return a;
    }
    if (op >= BINOP_INPLACE) op -= BINOP_INPLACE;
    if (op == BINOP_ADD) {
        if (!val_is(a, &ListType)) return VAL_NOTIMPL;
        if (!val_is(b, &ListType)) {
            if (val_type(b)->flags & TF_HEAPTYPE) return VAL_NOTIMPL;
            return err_format(&TypeErrorType, "can only concatenate list (not \"%s\") to list",
                              obj_type_name(b));
        }
        List *x = (List *)a, *y = (List *)b;
        List *l = list_new(x->len + y->len);
        if (x->len) memcpy(l->items, x->items, (size_t)x->len * sizeof(Value));
        if (y->len) memcpy(l->items + x->len, y->items, (size_t)y->len * sizeof(Value));
        l->len = x->len + y->len;
        return (Value)l;
    }
    if (op == BINOP_MUL) {
        Value seq = val_is(a, &ListType) ? a : b;
        Value nv = seq == a ? b : a;
        int64_t n;
        int r = list_repeat_count(nv, &n);
        if (r <= 0) return r < 0 ? VAL_NULL : VAL_NOTIMPL;
        List *x = (List *)seq;
        if (n <= 0 || x->len == 0) return (Value)list_new(0);
        if (!repeat_ok(x->len, n)) return VAL_NULL;
        List *l = list_new(x->len * n);
        for (int64_t k = 0; k < n; k++)
            memcpy(l->items + k * x->len, x->items, (size_t)x->len * sizeof(Value));
        l->len = x->len * n;
        return (Value)l;
    }
    return VAL_NOTIMPL;
}

static int list_bool(Value self) {
    return ((List *)self)->len != 0;
}
static int64_t list_len(Value self) {
    return ((List *)self)->len;
}

static Value list_iter(Value self) {
    ListIter *it = (ListIter *)obj_alloc(&ListIterType, sizeof(ListIter));
    it->list = (List *)self;
    it->index = 0;
    return (Value)it;
}

Value list_reversed(List *l) {
    ListIter *it = (ListIter *)obj_alloc(&ListRevIterType, sizeof(ListIter));
    it->list = l;
    it->index = l->len - 1;
    return (Value)it;
}

static Value list_getitem(Value self, Value key) {
    List *l = (List *)self;
    if (val_is_small(key)) {
        int64_t i = val_small(key);
        if (i < 0) i += l->len;
        if ((uint64_t)i >= (uint64_t)l->len)
            return err_format(&IndexErrorType, "list index out of range");
        return l->items[i];
    }
    int64_t i;
    int r = key_to_index(key, &i);
    if (r < 0) return VAL_NULL;
    if (r == 1) return list_get(l, i);
    if (val_is(key, &SliceType)) {
        int64_t start, stop, step, n;
        if (!slice_indices((Slice *)key, l->len, &start, &stop, &step, &n)) return VAL_NULL;
        if (step == 1) return (Value)list_from(l->items + start, n);
        List *res = list_new(n);
        for (int64_t k = 0, j = start; k < n; k++, j += step) res->items[k] = l->items[j];
        res->len = n;
        return (Value)res;
    }
    return err_format(&TypeErrorType, "list indices must be integers or slices, not %s",
                      obj_type_name(key));
}

// l[ilow:ihigh] = v (v == VAL_NULL: delete), CPython's list_ass_slice.
static int list_ass_slice(List *l, int64_t ilow, int64_t ihigh, Value v) {
    List *seq = NULL;
    int64_t n = 0;
    if (v) {
        seq = seq_fast(v, "can only assign an iterable");
        if (!seq) return -1;
        n = seq->len;
    }
    if (ilow < 0)
        ilow = 0;
    else if (ilow > l->len)
        ilow = l->len;
    if (ihigh < ilow)
        ihigh = ilow;
    else if (ihigh > l->len)
        ihigh = l->len;
    int64_t norig = ihigh - ilow;
    int64_t d = n - norig;
    int64_t oldlen = l->len;
    if (d < 0) {
        memmove(l->items + ihigh + d, l->items + ihigh, (size_t)(oldlen - ihigh) * sizeof(Value));
        list_truncate(l, oldlen + d);
    } else if (d > 0) {
        list_grow(l, oldlen + d);
        memmove(l->items + ihigh + d, l->items + ihigh, (size_t)(oldlen - ihigh) * sizeof(Value));
        l->len = oldlen + d;
    }
    if (n) memcpy(l->items + ilow, seq->items, (size_t)n * sizeof(Value));
    return 0;
}

static int list_setitem(Value self, Value key, Value v) {
    List *l = (List *)self;
    int64_t i;
    int r = key_to_index(key, &i);
    if (r < 0) return -1;
    if (r == 1) {
        if (i < 0) i += l->len;
        if (i < 0 || i >= l->len) {
            err_format(&IndexErrorType, "list assignment index out of range");
            return -1;
        }
        if (v) {
            l->items[i] = v;
        } else {
            memmove(l->items + i, l->items + i + 1, (size_t)(l->len - i - 1) * sizeof(Value));
            list_truncate(l, l->len - 1);
        }
        return 0;
    }
    if (!val_is(key, &SliceType)) {
        err_format(&TypeErrorType, "list indices must be integers or slices, not %s",
                   obj_type_name(key));
        return -1;
    }
    int64_t start, stop, step, n;
    if (!slice_indices((Slice *)key, l->len, &start, &stop, &step, &n)) return -1;
    if (step == 1) return list_ass_slice(l, start, stop, v);
    if (!v) {
        if (n <= 0) return 0;
        if (step < 0) {
            stop = start + 1;
            start = stop + step * (n - 1) - 1;
            step = -step;
        }
        // Compact: drop items start, start+step, ... (n of them).
        int64_t w = start, k = 0;
        for (int64_t j = start; j < l->len; j++) {
            if (k < n && j == start + k * step) {
                k++;
                continue;
            }
            l->items[w++] = l->items[j];
        }
        list_truncate(l, w);
        return 0;
    }
    List *seq = seq_fast(v, "must assign iterable to extended slice");
    if (!seq) return -1;
    if (seq->len != n) {
        err_format(&ValueErrorType,
                   "attempt to assign sequence of size %lld to extended slice of size %lld",
                   (long long)seq->len, (long long)n);
        return -1;
    }
    for (int64_t k = 0, j = start; k < n; k++, j += step) l->items[j] = seq->items[k];
    return 0;
}

static int list_contains(Value self, Value x) {
    List *l = (List *)self;
    for (int64_t i = 0; i < l->len; i++) {
        int r = item_eq(l->items[i], x);
        if (r) return r;
    }
    return 0;
}

// ---- searches whose __eq__ is Python code (helper protocol) ------------------------------
//
// `x in seq` for lists and tuples, list.index, list.count and list.remove
// compare in C while no Python code runs; at the first item whose
// comparison needs a Python __eq__ they continue as a record of one of the
// helpers below, which asks for each such comparison.
// fields: args (seq, x[, start[, stop]]), kwargs, index (the item being
// compared), stop (-1: the length, read at each item), count (so far).

enum { QF_INDEX = 2, QF_STOP, QF_COUNT };

static HelperStatus seq_search_step(Helper *h, Value in, Value *out);
static bool seq_search_validate(Helper *h);
#define SEQ_SEARCH_FIELDS "args:t kwargs:W index:i stop:i count:i"
HELPER_CHECKED(seq_contains_helper, "vm.seq_contains", seq_search_step, seq_search_validate,
               SEQ_SEARCH_FIELDS, "entry", "after_eq")
HELPER_CHECKED(list_index_helper, "list.index", seq_search_step, seq_search_validate,
               SEQ_SEARCH_FIELDS, "entry", "after_eq")
HELPER_CHECKED(list_count_helper, "list.count", seq_search_step, seq_search_validate,
               SEQ_SEARCH_FIELDS, "entry", "after_eq")
HELPER_CHECKED(list_remove_helper, "list.remove", seq_search_step, seq_search_validate,
               SEQ_SEARCH_FIELDS, "entry", "after_eq")

static inline Value *seq_items(Value seq, int64_t *len) {
    if (val_is(seq, &TupleType)) {
        *len = ((Tuple *)seq)->len;
        return ((Tuple *)seq)->items;
    }
    *len = ((List *)seq)->len;
    return ((List *)seq)->items;
}

// The outcome of a search of [def] when item [i] matched (i >= 0) or
// none did (i < 0), [count] matches counted.
static Value seq_search_result(const HelperDef *def, Value seq, Value x, int64_t i, int64_t count) {
    if (def == &seq_contains_helper) return val_bool(i >= 0);
    if (def == &list_count_helper) return int_from_i64(count);
    if (def == &list_index_helper) {
        if (i >= 0) return int_from_i64(i);
        Str *rep = obj_repr(x);
        if (!rep) return VAL_NULL;
        return err_format(&ValueErrorType, "%S is not in list", rep);
    }
    if (i < 0) return err_format(&ValueErrorType, "list.remove(x): x not in list");
    List *l = (List *)seq;
    if (i < l->len) {
        memmove(l->items + i, l->items + i + 1, (size_t)(l->len - i - 1) * sizeof(Value));
        list_truncate(l, l->len - 1);
    }
    return VAL_NONE;
}

// Search [seq] for [x] from item [i] to [stop] (-1: the end) in C: the
// result, or a record of [def] (returned as the value) when an item needs
// a Python __eq__; VAL_NULL on error. [args] (nargs): the method's
// arguments (NULL: (seq, x)).
static Value seq_search(const HelperDef *def, Value seq, Value x, Value *args, int nargs, int64_t i,
                        int64_t stop, int64_t count) {
    int64_t len;
    Value *items = seq_items(seq, &len);
    for (; i < len && (stop < 0 || i < stop); i++, items = seq_items(seq, &len)) {
        Value item = items[i];
        if (item == x) goto match;
        if (val_is_small(item) && val_is_small(x)) continue;
        if (obj_is_user(item) || obj_is_user(x)) {
            Helper *h = helper_new(def);
            h->fields[HF_ARGS] = (Value)(args ? tuple_from(args, nargs) : tuple_pack(2, seq, x));
            h->fields[QF_INDEX] = val_from_small(i);
            h->fields[QF_STOP] = val_from_small(stop);
            h->fields[QF_COUNT] = val_from_small(count);
            return (Value)h;
        }
        int r = obj_eq(item, x);
        if (r < 0) return VAL_NULL;
        if (!r) continue;
    match:
        if (def != &list_count_helper) return seq_search_result(def, seq, x, i, count);
        count++;
    }
    return seq_search_result(def, seq, x, -1, count);
}

static HelperStatus seq_search_step(Helper *h, Value in, Value *out) {
    Tuple *args = (Tuple *)F(HF_ARGS);
    Value seq = args->items[0], x = args->items[1], rec;
    int64_t i = val_small(F(QF_INDEX)), stop = val_small(F(QF_STOP)),
            count = val_small(F(QF_COUNT)), len;
    // Items that compare in C, up to the next one that needs Python; at
    // label 1, [in] is what item i's __eq__ returned.
    if (h->label == 1) goto compared;
    for (;;) {
        Value *items = seq_items(seq, &len);
        if (i >= len || (stop >= 0 && i >= stop)) break;
        Value item = items[i];
        if (obj_is_user(item) || obj_is_user(x)) {
            F(QF_INDEX) = val_from_small(i);
            in = obj_start_eq(item, x, &rec);
            if (rec) return helper_sub(h, 1, rec);
        } else {
            in = item == x                               ? VAL_TRUE
                 : val_is_small(item) && val_is_small(x) ? VAL_FALSE
                                                         : VAL_NULL;
            if (!in) {
                int r = obj_eq(item, x);
                if (r < 0) return HS_RAISE;
                in = val_bool(r);
            }
        }
    compared:
        if (!in) return HS_RAISE;
        if (in == VAL_TRUE) {
            if (h->def != &list_count_helper)
                return (*out = seq_search_result(h->def, seq, x, i, count)) ? HS_RETURN : HS_RAISE;
            F(QF_COUNT) = val_from_small(++count);
        }
        i++;
    }
    return (*out = seq_search_result(h->def, seq, x, -1, count)) ? HS_RETURN : HS_RAISE;
}
// args starts with a list (a tuple for `in`) and the item; the counters are
// in range.
static bool seq_search_validate(Helper *h) {
    Tuple *args = (Tuple *)F(HF_ARGS);
    if (args->len < 2) return helper_field_error(h, HF_ARGS, "expected (sequence, item, ...)");
    Value seq = args->items[0];
    if (!val_isinstance(seq, &ListType) &&
        !(h->def == &seq_contains_helper && val_is(seq, &TupleType)))
        return helper_field_error(h, HF_ARGS, "cannot search a '%s'", obj_type_name(seq));
    if (val_small(F(QF_INDEX)) < 0) return helper_field_error(h, QF_INDEX, "negative");
    if (val_small(F(QF_STOP)) < -1) return helper_field_error(h, QF_STOP, "out of range");
    if (val_small(F(QF_COUNT)) < 0) return helper_field_error(h, QF_COUNT, "negative");
    return true;
}

Value seq_start_contains(Value seq, Value x, Value *rec) {
    Value r = seq_search(&seq_contains_helper, seq, x, NULL, 0, 0, -1, 0);
    *rec = r && val_is(r, &HelperType) ? r : VAL_NULL;
    return *rec ? VAL_NULL : r;
}

// ---- methods -----------------------------------------------------------------------------

// An integer argument of insert/pop ("'str' object cannot be interpreted as
// an integer").
static bool int_arg(Value v, int64_t *out) {
    int r = key_to_index(v, out);
    if (r == 1) return true;
    if (r == 0)
        err_format(&TypeErrorType, "'%s' object cannot be interpreted as an integer",
                   obj_type_name(v));
    return false;
}

static Value list_m_append(Value *args, int nargs, Tuple *kwnames) {
    if (!check_onearg("list.append", nargs, kwnames)) return VAL_NULL;
    list_append((List *)args[0], args[1]);
    return VAL_NONE;
}

static Value list_m_extend(Value *args, int nargs, Tuple *kwnames) {
    if (!check_onearg("list.extend", nargs, kwnames)) return VAL_NULL;
    Type *t = val_type(args[1]);
    if (t->dunders[DUNDER_ITER] || t->dunders[DUNDER_GETITEM] || t == &GeneratorType ||
        t->next_helper) {
        // A user iterable, a generator or an iterator that may call back:
        // the vm.extend helper advances it.
        extern HelperDef extend_helper;
        Helper *h = helper_new(&extend_helper);
        h->fields[0] = args[0];
        h->fields[1] = args[1];
        return (Value)h;
    }
    if (list_extend((List *)args[0], args[1]) < 0) return VAL_NULL;
    return VAL_NONE;
}

static Value list_m_insert(Value *args, int nargs, Tuple *kwnames) {
    if (!check_posargs("list.insert", "insert", nargs, kwnames, 1, 2, 2)) return VAL_NULL;
    List *l = (List *)args[0];
    int64_t i;
    if (!int_arg(args[1], &i)) return VAL_NULL;
    if (i < 0) {
        i += l->len;
        if (i < 0) i = 0;
    }
    if (i > l->len) i = l->len;
    list_grow(l, l->len + 1);
    memmove(l->items + i + 1, l->items + i, (size_t)(l->len - i) * sizeof(Value));
    l->items[i] = args[2];
    l->len++;
    return VAL_NONE;
}

static Value list_m_pop(Value *args, int nargs, Tuple *kwnames) {
    if (!check_posargs("list.pop", "pop", nargs, kwnames, 1, 0, 1)) return VAL_NULL;
    List *l = (List *)args[0];
    int64_t i = -1;
    if (nargs > 1 && !int_arg(args[1], &i)) return VAL_NULL;
    if (l->len == 0) return err_format(&IndexErrorType, "pop from empty list");
    if (i < 0) i += l->len;
    if (i < 0 || i >= l->len) return err_format(&IndexErrorType, "pop index out of range");
    Value v = l->items[i];
    memmove(l->items + i, l->items + i + 1, (size_t)(l->len - i - 1) * sizeof(Value));
    list_truncate(l, l->len - 1);
    return v;
}

static Value list_m_remove(Value *args, int nargs, Tuple *kwnames) {
    if (!check_onearg("list.remove", nargs, kwnames)) return VAL_NULL;
    return seq_search(&list_remove_helper, args[0], args[1], args, 2, 0, -1, 0);
}

static Value list_m_index(Value *args, int nargs, Tuple *kwnames) {
    if (!check_posargs("list.index", "index", nargs, kwnames, 1, 1, 3)) return VAL_NULL;
    List *l = (List *)args[0];
    int64_t start = 0, stop = INT64_MAX;
    if (nargs > 2 && !slice_index_arg(args[2], &start)) return VAL_NULL;
    if (nargs > 3 && !slice_index_arg(args[3], &stop)) return VAL_NULL;
    start = clamp_index(start, l->len);
    stop = clamp_index(stop, l->len);
    return seq_search(&list_index_helper, args[0], args[1], args, nargs, start, stop, 0);
}

static Value list_m_count(Value *args, int nargs, Tuple *kwnames) {
    if (!check_onearg("list.count", nargs, kwnames)) return VAL_NULL;
    return seq_search(&list_count_helper, args[0], args[1], args, 2, 0, -1, 0);
}

static Value list_m_reverse(Value *args, int nargs, Tuple *kwnames) {
    if (!check_noargs("list.reverse", nargs, kwnames)) return VAL_NULL;
    List *l = (List *)args[0];
    for (int64_t i = 0, j = l->len - 1; i < j; i++, j--) {
        Value t = l->items[i];
        l->items[i] = l->items[j];
        l->items[j] = t;
    }
    return VAL_NONE;
}

static Value list_m_copy(Value *args, int nargs, Tuple *kwnames) {
    if (!check_noargs("list.copy", nargs, kwnames)) return VAL_NULL;
    List *l = (List *)args[0];
    return (Value)list_from(l->items, l->len);
}

static Value list_m_clear(Value *args, int nargs, Tuple *kwnames) {
    if (!check_noargs("list.clear", nargs, kwnames)) return VAL_NULL;
    List *l = (List *)args[0];
    l->items = NULL;
    l->len = 0;
    l->cap = 0;
    return VAL_NONE;
}

static Value list_m_reversed(Value *args, int nargs, Tuple *kwnames) {
    if (!check_noargs("list.__reversed__", nargs, kwnames)) return VAL_NULL;
    return list_reversed((List *)args[0]);
}

static const MethodDef list_methods[] = {
    {"append", list_m_append, 0, NULL},
    {"extend", list_m_extend, 0, NULL},
    {"insert", list_m_insert, 0, NULL},
    {"pop", list_m_pop, 0, NULL},
    {"remove", list_m_remove, 0, NULL},
    {"index", list_m_index, 0, NULL},
    {"count", list_m_count, 0, NULL},
    {"reverse", list_m_reverse, 0, NULL},
    {"copy", list_m_copy, 0, NULL},
    {"clear", list_m_clear, 0, NULL},
    {"sort", NULL, 0, &list_sort_helper},
    {"__reversed__", list_m_reversed, 0, NULL},
    {NULL, NULL, 0, NULL},
};

Type ListType = {
    .obj = {&TypeType},
    .name = "list",
    .flags = TF_BASETYPE,
    .inst_size = sizeof(List),
    .tp_new = list_tp_new,
    .tp_repr = list_repr,
    .tp_compare = list_compare,
    .tp_binop = list_binop,
    .tp_bool = list_bool,
    .tp_len = list_len,
    .tp_iter = list_iter,
    .tp_getitem = list_getitem,
    .tp_setitem = list_setitem,
    .tp_contains = list_contains,
};

// ---- list_iterator / list_reverseiterator --------------------------------------------------

static Value listiter_next(Value self) {
    ListIter *it = (ListIter *)self;
    List *l = it->list;
    if (!l) return ITER_DONE;
    if (it->index < l->len) return l->items[it->index++];
    it->list = NULL;
    return ITER_DONE;
}

static Value listiter_length_hint(Value *args, int nargs, Tuple *kwnames) {
    ListIter *it = (ListIter *)args[0];
    int64_t n = it->list ? it->list->len - it->index : 0;
    return int_from_i64(n > 0 ? n : 0);
}

static const MethodDef listiter_methods[] = {
    {"__length_hint__", listiter_length_hint, 0, NULL},
    {NULL, NULL, 0, NULL},
};

Type ListIterType = {
    .obj = {&TypeType},
    .name = "list_iterator",
    .flags = TF_ABSTRACT,
    .inst_size = sizeof(ListIter),
    .tp_iter = containers_iter_self,
    .tp_next = listiter_next,
};

static Value listreviter_next(Value self) {
    ListIter *it = (ListIter *)self;
    List *l = it->list;
    if (!l) return ITER_DONE;
    if (it->index >= 0 && it->index < l->len) return l->items[it->index--];
    it->index = -1;
    it->list = NULL;
    return ITER_DONE;
}

static Value listreviter_length_hint(Value *args, int nargs, Tuple *kwnames) {
    ListIter *it = (ListIter *)args[0];
    int64_t n = it->list && it->index < it->list->len ? it->index + 1 : 0;
    return int_from_i64(n);
}

static const MethodDef listreviter_methods[] = {
    {"__length_hint__", listreviter_length_hint, 0, NULL},
    {NULL, NULL, 0, NULL},
};

Type ListRevIterType = {
    .obj = {&TypeType},
    .name = "list_reverseiterator",
    .flags = TF_ABSTRACT,
    .inst_size = sizeof(ListIter),
    .tp_iter = containers_iter_self,
    .tp_next = listreviter_next,
};

void list_init(void) {
    helper_register(&seq_contains_helper);
    helper_register(&list_index_helper);
    helper_register(&list_count_helper);
    helper_register(&list_remove_helper);
    type_add_methods(&ListType, list_methods);
    type_add_methods(&ListIterType, listiter_methods);
    type_add_methods(&ListRevIterType, listreviter_methods);
}
