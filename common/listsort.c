// listsort.c — list.sort and sorted() as one resumable helper (helper.h):
// key functions and user __lt__/__gt__ are requested with HS_CALL, so no C
// recursion happens and the sort can be suspended at any comparison.
//
// The algorithm is a stable natural merge sort in the spirit of timsort:
// runs are found as CPython's count_run does (strictly descending runs are
// reversed), short runs are extended to minrun by binary insertion, then
// adjacent runs are merged pass by pass. All state lives in the helper's
// fields (Lists and small ints); a suspended comparison is replayed on
// resume with its stored result. reverse=True reverses, sorts stably and
// reverses back, exactly as CPython does, so stability matches.
#include "containers_impl.h"
#include "helper.h"

#include <string.h>

// ---- fields ---------------------------------------------------------------------------

enum {
    F_ARGS = HF_ARGS,
    F_KWARGS = HF_KWARGS,
    F_LIST,     // the list being sorted (list.sort: self; sorted: the new list)
    F_KEYFN,    // key function or None
    F_REVERSE,  // True / False
    F_VALS,     // List: the items (stolen from F_LIST while sorting)
    F_KEYS,     // List: the keys, or None when there is no key function
    F_BUFK,     // List: merge buffer for keys
    F_BUFV,     // List: merge buffer for values, or None
    F_RUNS,     // List: run boundaries (small ints) of the current merge pass
    F_NRUNS,    // List: run boundaries being built for the next pass
    F_ITER,     // sorted(): the iterator being collected
    F_CMPSTATE, // small int: CS_*
    F_CMPRES,   // the stored comparison result (True / False)
    F_CX,       // the pending comparison's operands (after tuple reduction)
    F_CY,
    F_ST, // first of the NST small-int state words (S_*)
};

enum { S_PHASE, S_N, S_MINRUN, S_LO, S_SUB, S_POS, S_I, S_L, S_R, S_FE, S_J, S_P, S_Q, S_K, NST };
#define NFIELDS (F_ST + NST)

enum { L_ENTRY, L_ITER, L_NEXT, L_KEY, L_COMPARE };
static const char *const sort_labels[] = {"entry", "iter", "next", "key", "compare"};
static const char *const sort_fields[NFIELDS] = {
    "args",  "kwargs", "list",     "keyfn",  "reverse", "vals", "keys",  "bufk", "bufv",   "runs",
    "nruns", "iter",   "cmpstate", "cmpres", "cx",      "cy",   "phase", "n",    "minrun", "lo",
    "sub",   "pos",    "i",        "l",      "r",       "fe",   "j",     "p",    "q",      "k",
};

// Comparison states.
enum { CS_NONE, CS_FIRST, CS_SECOND, CS_READY };
// Phases.
enum { PH_KEYS, PH_RUNS, PH_MERGE, PH_DONE };
// Sub-phases of PH_RUNS and PH_MERGE.
enum { SUB_START, SUB_ASC, SUB_DESC, SUB_EXTEND, SUB_BINSORT, SUB_PUSH, SUB_MCHECK, SUB_MERGING };

#define F(i) (h->fields[i])

// ---- the sorter: fields loaded into C locals for one step ---------------------------------

typedef struct {
    Helper *h;
    Value *k, *v;   // keys and values (v NULL when there is no key function)
    Value *bk, *bv; // merge buffers
    int64_t st[NST];
} Sorter;

static void sorter_load(Sorter *s, Helper *h) {
    s->h = h;
    List *vals = (List *)F(F_VALS);
    s->v = vals->items;
    if (F(F_KEYS) != VAL_NONE) {
        s->k = ((List *)F(F_KEYS))->items;
    } else {
        s->k = s->v;
        s->v = NULL;
    }
    s->bk = F(F_BUFK) != VAL_NONE ? ((List *)F(F_BUFK))->items : NULL;
    s->bv = F(F_BUFV) != VAL_NONE ? ((List *)F(F_BUFV))->items : NULL;
    for (int i = 0; i < NST; i++) s->st[i] = val_small(F(F_ST + i));
}

static void sorter_store(Sorter *s) {
    Helper *h = s->h;
    for (int i = 0; i < NST; i++) F(F_ST + i) = val_from_small(s->st[i]);
}

// ---- comparisons ----------------------------------------------------------------------------

static const DunderId side_dunder[2] = {DUNDER_LT, DUNDER_GT};

// One side of `x < y`: side 0 is x.__lt__(y), side 1 is y.__gt__(x). For a
// user method sets *call and returns VAL_NULL; else evaluates the C slot.
static Value cmp_side(Value x, Value y, int side, Value *call) {
    Value a = side == 0 ? x : y, b = side == 0 ? y : x;
    Type *t = val_type(a);
    *call = VAL_NULL;
    Value d = t->dunders[side_dunder[side]];
    if (d) {
        *call = d;
        return VAL_NULL;
    }
    if (t->tp_compare) return t->tp_compare(a, b, side == 0 ? CMP_LT : CMP_GT);
    return VAL_NOTIMPL;
}

// True if y's reflected __gt__ goes first (y's type is a proper subclass of
// x's that defines it).
static bool reflected_first(Value x, Value y) {
    Type *tx = val_type(x), *ty = val_type(y);
    return tx != ty && type_is_subtype(ty, tx) && ty->dunders[DUNDER_GT];
}

static int cmp_fail(Value x, Value y) {
    err_format(&TypeErrorType, "'<' not supported between instances of '%s' and '%s'",
               obj_type_name(x), obj_type_name(y));
    return -1;
}

// Try sides starting at attempt [attempt] (0 or 1) of x < y. Returns 0/1,
// -1 on error, 2 when a call was requested (h prepared).
static int cmp_attempts(Helper *h, Value x, Value y, int attempt) {
    bool rf = reflected_first(x, y);
    for (; attempt < 2; attempt++) {
        int side = rf ? 1 - attempt : attempt;
        Value call;
        Value r = cmp_side(x, y, side, &call);
        if (call) {
            F(F_CX) = x;
            F(F_CY) = y;
            F(F_CMPSTATE) = val_from_small(attempt == 0 ? CS_FIRST : CS_SECOND);
            Value a = side == 0 ? x : y, b = side == 0 ? y : x;
            helper_call(h, L_COMPARE, call, tuple_pack(2, a, b), NULL);
            return 2;
        }
        if (!r) return -1;
        if (r != VAL_NOTIMPL) return obj_truth(r);
    }
    return cmp_fail(x, y);
}

static inline bool is_seq(Value v) {
    return !val_is_small(v) && (v->type == &TupleType || v->type == &ListType);
}

// x < y for the sort: 0/1, -1 error, 2 suspended. Replays a stored result.
static int sort_lt_slow(Helper *h, Value x, Value y) {
    if (F(F_CMPSTATE) == val_from_small(CS_READY)) {
        F(F_CMPSTATE) = val_from_small(CS_NONE);
        return F(F_CMPRES) == VAL_TRUE;
    }
    // Reduce tuples/lists to their first differing items.
    while (is_seq(x) && is_seq(y) && x->type == y->type) {
        Value *xi, *yi;
        int64_t xl, yl;
        if (x->type == &TupleType) {
            xi = ((Tuple *)x)->items, xl = ((Tuple *)x)->len;
            yi = ((Tuple *)y)->items, yl = ((Tuple *)y)->len;
        } else {
            xi = ((List *)x)->items, xl = ((List *)x)->len;
            yi = ((List *)y)->items, yl = ((List *)y)->len;
        }
        int64_t i;
        for (i = 0; i < xl && i < yl; i++) {
            int k = item_eq(xi[i], yi[i]);
            if (k < 0) return -1;
            if (!k) break;
        }
        if (i >= xl || i >= yl) return xl < yl;
        x = xi[i];
        y = yi[i];
    }
    Type *tx = val_type(x), *ty = val_type(y);
    if (!(tx->flags & TF_HEAPTYPE) && !(ty->flags & TF_HEAPTYPE)) return obj_lt(x, y);
    return cmp_attempts(h, x, y, 0);
}

static inline int sort_lt(Helper *h, Value x, Value y) {
    if (val_is_small(x) && val_is_small(y)) return val_small(x) < val_small(y);
    if (!val_is_small(x) && !val_is_small(y)) {
        if (x->type == &FloatType && y->type == &FloatType) return float_value(x) < float_value(y);
        if (x->type == &StrType && y->type == &StrType) {
            Str *a = (Str *)x, *b = (Str *)y;
            int64_t n = a->len < b->len ? a->len : b->len;
            int c = memcmp(a->data, b->data, (size_t)n);
            return c < 0 || (c == 0 && a->len < b->len);
        }
    }
    return sort_lt_slow(h, x, y);
}

// ---- the merge sort ---------------------------------------------------------------------------

static int64_t compute_minrun(int64_t n) {
    int64_t r = 0;
    while (n >= 64) {
        r |= n & 1;
        n >>= 1;
    }
    return n + r;
}

static void reverse_range(Value *a, int64_t lo, int64_t hi) {
    if (!a) return;
    for (hi--; lo < hi; lo++, hi--) {
        Value t = a[lo];
        a[lo] = a[hi];
        a[hi] = t;
    }
}

// Start the merge passes over the boundaries in F_RUNS.
static void merge_begin_pass(Sorter *s) {
    Helper *h = s->h;
    List *nr = list_new(0);
    list_append(nr, val_from_small(0));
    F(F_NRUNS) = (Value)nr;
    s->st[S_J] = 0;
    s->st[S_SUB] = SUB_MCHECK;
}

#define LT(x, y)                                                                                   \
    ({                                                                                             \
        int r_ = sort_lt(h, (x), (y));                                                             \
        if (r_ < 0) return -1;                                                                     \
        if (r_ == 2) return 2;                                                                     \
        r_;                                                                                        \
    })

// Run the sort until done (0), an error (-1) or a requested call (2). The
// state in s->st is always consistent at a comparison, so that the same
// comparison is replayed when resumed.
static int sort_run(Sorter *s) {
    Helper *h = s->h;
    int64_t *st = s->st;
    Value *k = s->k, *v = s->v;
    int64_t n = st[S_N];
    for (;;) {
        switch (st[S_PHASE]) {
        case PH_RUNS: {
            int64_t lo = st[S_LO];
            if (lo >= n) {
                st[S_PHASE] = PH_MERGE;
                merge_begin_pass(s);
                continue;
            }
            switch (st[S_SUB]) {
            case SUB_START:
                if (lo + 1 == n) {
                    st[S_POS] = n;
                    st[S_SUB] = SUB_EXTEND;
                    continue;
                }
                if (LT(k[lo + 1], k[lo]))
                    st[S_SUB] = SUB_DESC;
                else
                    st[S_SUB] = SUB_ASC;
                st[S_POS] = lo + 2;
                continue;
            case SUB_ASC:
                while (st[S_POS] < n) {
                    int64_t p = st[S_POS];
                    if (LT(k[p], k[p - 1])) break;
                    st[S_POS] = p + 1;
                }
                st[S_SUB] = SUB_EXTEND;
                continue;
            case SUB_DESC:
                while (st[S_POS] < n) {
                    int64_t p = st[S_POS];
                    if (!LT(k[p], k[p - 1])) break;
                    st[S_POS] = p + 1;
                }
                reverse_range(k, lo, st[S_POS]);
                reverse_range(v, lo, st[S_POS]);
                st[S_SUB] = SUB_EXTEND;
                continue;
            case SUB_EXTEND: {
                int64_t runlen = st[S_POS] - lo;
                if (runlen < st[S_MINRUN] && st[S_POS] < n) {
                    int64_t force = n - lo <= st[S_MINRUN] ? n - lo : st[S_MINRUN];
                    st[S_FE] = lo + force;
                    st[S_I] = st[S_POS];
                    st[S_L] = lo;
                    st[S_R] = st[S_I];
                    st[S_SUB] = SUB_BINSORT;
                } else {
                    st[S_FE] = st[S_POS];
                    st[S_SUB] = SUB_PUSH;
                }
                continue;
            }
            case SUB_BINSORT:
                while (st[S_I] < st[S_FE]) {
                    int64_t i = st[S_I];
                    while (st[S_L] < st[S_R]) {
                        int64_t m = st[S_L] + ((st[S_R] - st[S_L]) >> 1);
                        if (LT(k[i], k[m]))
                            st[S_R] = m;
                        else
                            st[S_L] = m + 1;
                    }
                    int64_t l = st[S_L];
                    Value pk = k[i];
                    memmove(k + l + 1, k + l, (size_t)(i - l) * sizeof(Value));
                    k[l] = pk;
                    if (v) {
                        Value pv = v[i];
                        memmove(v + l + 1, v + l, (size_t)(i - l) * sizeof(Value));
                        v[l] = pv;
                    }
                    st[S_I] = i + 1;
                    st[S_L] = lo;
                    st[S_R] = i + 1;
                }
                st[S_SUB] = SUB_PUSH;
                continue;
            case SUB_PUSH: {
                List *runs = (List *)F(F_RUNS);
                list_append(runs, val_from_small(st[S_FE]));
                st[S_LO] = st[S_FE];
                st[S_SUB] = SUB_START;
                continue;
            }
            }
            return -1;
        }
        case PH_MERGE: {
            List *runs = (List *)F(F_RUNS);
            int64_t nb = runs->len; // boundaries: runs = nb - 1
            if (nb <= 2) {
                st[S_PHASE] = PH_DONE;
                continue;
            }
            int64_t j = st[S_J];
            List *nr = (List *)F(F_NRUNS);
            if (j + 2 >= nb) {
                // Odd run out (or pass finished): carry the last boundary.
                if (j + 1 < nb) list_append(nr, runs->items[j + 1]);
                F(F_RUNS) = (Value)nr;
                merge_begin_pass(s);
                continue;
            }
            int64_t lo = val_small(runs->items[j]), mid = val_small(runs->items[j + 1]),
                    hi = val_small(runs->items[j + 2]);
            if (st[S_SUB] == SUB_MCHECK) {
                if (!LT(k[mid], k[mid - 1])) {
                    list_append(nr, val_from_small(hi));
                    st[S_J] = j + 2;
                    continue;
                }
                memcpy(s->bk + lo, k + lo, (size_t)(mid - lo) * sizeof(Value));
                if (v) memcpy(s->bv + lo, v + lo, (size_t)(mid - lo) * sizeof(Value));
                st[S_P] = lo;
                st[S_Q] = mid;
                st[S_K] = lo;
                st[S_SUB] = SUB_MERGING;
            }
            Value *bk = s->bk, *bv = s->bv;
            while (st[S_P] < mid && st[S_Q] < hi) {
                int64_t p = st[S_P], q = st[S_Q], o = st[S_K];
                if (LT(k[q], bk[p])) {
                    k[o] = k[q];
                    if (v) v[o] = v[q];
                    st[S_Q] = q + 1;
                } else {
                    k[o] = bk[p];
                    if (v) v[o] = bv[p];
                    st[S_P] = p + 1;
                }
                st[S_K] = o + 1;
            }
            int64_t rest = mid - st[S_P];
            if (rest > 0) {
                memcpy(k + st[S_K], bk + st[S_P], (size_t)rest * sizeof(Value));
                if (v) memcpy(v + st[S_K], bv + st[S_P], (size_t)rest * sizeof(Value));
            }
            memset(bk + lo, 0, (size_t)(mid - lo) * sizeof(Value));
            if (v) memset(bv + lo, 0, (size_t)(mid - lo) * sizeof(Value));
            list_append(nr, val_from_small(hi));
            st[S_J] = j + 2;
            st[S_SUB] = SUB_MCHECK;
            continue;
        }
        default: return 0;
        }
    }
}

#undef LT

// ---- the helper -------------------------------------------------------------------------------

// Put the items back into the list being sorted; returns false (with
// ValueError) if the list was modified during the sort.
static bool restore_list(Helper *h, bool check) {
    List *l = (List *)F(F_LIST);
    List *vals = (List *)F(F_VALS);
    bool modified = l->items != NULL || l->len != 0;
    l->items = vals->items;
    l->len = vals->len;
    l->cap = vals->cap;
    if (modified && check) {
        err_format(&ValueErrorType, "list modified during sort");
        return false;
    }
    return true;
}

// Parse key= and reverse= from the kwargs dict in F_KWARGS.
static bool parse_kwargs(Helper *h) {
    F(F_KEYFN) = VAL_NONE;
    F(F_REVERSE) = VAL_FALSE;
    if (F(F_KWARGS) == VAL_NONE) return true;
    Dict *kw = (Dict *)F(F_KWARGS);
    int64_t pos = 0;
    Value k, v;
    while (dict_next(kw, &pos, &k, &v)) {
        if (val_is(k, &StrType) && str_eq_cstr((Str *)k, "key")) {
            F(F_KEYFN) = v;
        } else if (val_is(k, &StrType) && str_eq_cstr((Str *)k, "reverse")) {
            if (!val_is_int(v)) {
                err_format(&TypeErrorType, "'%s' object cannot be interpreted as an integer",
                           obj_type_name(v));
                return false;
            }
            F(F_REVERSE) = val_bool(int_value(v) != 0);
        } else {
            Str *name = obj_str(k);
            if (!name) return false;
            err_format(&TypeErrorType, "'%S' is an invalid keyword argument for sort()", name);
            return false;
        }
    }
    return true;
}

// The steps below return 0 (sorted), -1 (error) or 2 (a call is requested);
// sort_finish turns that into a HelperStatus.
static int sort_keys(Helper *h);
static int sort_go(Helper *h);

// Steal the list's items (the list stays empty while sorting, as in
// CPython) and start computing keys.
static int sort_begin(Helper *h) {
    List *l = (List *)F(F_LIST);
    List *vals = (List *)obj_alloc(&ListType, sizeof(List));
    vals->items = l->items;
    vals->len = l->len;
    vals->cap = l->cap;
    l->items = NULL;
    l->len = 0;
    l->cap = 0;
    F(F_VALS) = (Value)vals;
    for (int i = 0; i < NST; i++) F(F_ST + i) = val_from_small(0);
    F(F_ST + S_PHASE) = val_from_small(PH_KEYS);
    F(F_CMPSTATE) = val_from_small(CS_NONE);
    F(F_ST + S_N) = val_from_small(vals->len);
    if (F(F_KEYFN) != VAL_NONE) {
        F(F_KEYS) = (Value)list_new(vals->len);
        return sort_keys(h);
    }
    F(F_KEYS) = VAL_NONE;
    return sort_go(h);
}

// Request the key of item i (S_I), or go on to sort when all are known.
static int sort_keys(Helper *h) {
    List *vals = (List *)F(F_VALS);
    int64_t i = val_small(F(F_ST + S_I));
    if (i < vals->len) {
        helper_call(h, L_KEY, F(F_KEYFN), tuple_pack(1, vals->items[i]), NULL);
        return 2;
    }
    F(F_ST + S_I) = val_from_small(0);
    return sort_go(h);
}

// Set up the merge state and run the sort.
static int sort_go(Helper *h) {
    List *vals = (List *)F(F_VALS);
    int64_t n = vals->len;
    bool haskeys = F(F_KEYS) != VAL_NONE;
    if (n > 1 && F(F_REVERSE) == VAL_TRUE) {
        reverse_range(vals->items, 0, n);
        if (haskeys) reverse_range(((List *)F(F_KEYS))->items, 0, n);
    }
    F(F_BUFK) = (Value)list_new(n);
    F(F_BUFV) = haskeys ? (Value)list_new(n) : VAL_NONE;
    List *runs = list_new(0);
    list_append(runs, val_from_small(0));
    F(F_RUNS) = (Value)runs;
    F(F_ST + S_PHASE) = val_from_small(n > 1 ? PH_RUNS : PH_DONE);
    F(F_ST + S_MINRUN) = val_from_small(compute_minrun(n));
    F(F_ST + S_LO) = val_from_small(0);
    F(F_ST + S_SUB) = val_from_small(SUB_START);
    Sorter s;
    sorter_load(&s, h);
    int r = sort_run(&s);
    sorter_store(&s);
    return r;
}

// Finish after a step returned [r] (0 done, -1 error, 2 call pending).
static HelperStatus sort_finish(Helper *h, int r, Value *out) {
    if (r == 2) return HS_CALL;
    List *vals = (List *)F(F_VALS);
    bool reversed = val_small(F(F_ST + S_PHASE)) != PH_KEYS && F(F_REVERSE) == VAL_TRUE;
    if (reversed && vals->len > 1) reverse_range(vals->items, 0, vals->len);
    F(F_BUFK) = F(F_BUFV) = F(F_KEYS) = F(F_RUNS) = F(F_NRUNS) = VAL_NONE;
    if (r < 0) {
        restore_list(h, false);
        return HS_RAISE;
    }
    if (!restore_list(h, true)) return HS_RAISE;
    *out = h->def == &sorted_helper ? F(F_LIST) : VAL_NONE;
    return HS_RETURN;
}

// Types whose iterators never call back (see list_extend_builtin).
static bool plain_iterable(Value v) {
    Type *t = val_type(v);
    return t == &ListType || t == &TupleType || t == &RangeType || t == &StrType ||
           t == &DictType || t == &SetType || t == &FrozenSetType || t == &DictKeysType ||
           t == &DictValuesType || t == &DictItemsType || t == &ListIterType ||
           t == &TupleIterType || t == &RangeIterType || t == &StrIterType ||
           t == &DictKeyIterType || t == &DictValueIterType || t == &DictItemIterType ||
           t == &SetIterType || t == &ListRevIterType || t == &DictRevKeyIterType ||
           t == &DictRevValueIterType || t == &DictRevItemIterType;
}

static HelperStatus sort_step(Helper *h, Value in, Value *out) {
    switch (h->label) {
    case L_ENTRY: {
        Tuple *args = (Tuple *)F(F_ARGS);
        bool is_sorted = h->def == &sorted_helper;
        if (is_sorted) {
            if (args->len != 1) {
                err_format(&TypeErrorType, "sorted expected 1 argument, got %lld",
                           (long long)args->len);
                return HS_RAISE;
            }
        } else if (args->len != 1) {
            err_format(&TypeErrorType, "sort() takes no positional arguments");
            return HS_RAISE;
        }
        if (!parse_kwargs(h)) return HS_RAISE;
        if (!is_sorted) {
            F(F_LIST) = args->items[0];
            return sort_finish(h, sort_begin(h), out);
        }
        Value it = args->items[0];
        List *l = list_new(0);
        F(F_LIST) = (Value)l;
        if (plain_iterable(it)) {
            if (list_extend_builtin(l, it) < 0) return HS_RAISE;
            return sort_finish(h, sort_begin(h), out);
        }
        Type *t = val_type(it);
        if (t->dunders[DUNDER_ITER])
            return helper_call(h, L_ITER, t->dunders[DUNDER_ITER], tuple_pack(1, it), NULL);
        Value iter = obj_iter(it);
        if (!iter) return HS_RAISE;
        F(F_ITER) = iter;
        return helper_next(h, L_NEXT, iter);
    }
    case L_ITER: {
        if (!in) return HS_RAISE;
        Type *rt = val_type(in);
        if (!rt->tp_next && !rt->dunders[DUNDER_NEXT] && rt != &GeneratorType) {
            err_format(&TypeErrorType, "iter() returned non-iterator of type '%s'", rt->name);
            return HS_RAISE;
        }
        F(F_ITER) = in;
        return helper_next(h, L_NEXT, in);
    }
    case L_NEXT:
        if (!in) return HS_RAISE;
        if (in != ITER_DONE) {
            list_append((List *)F(F_LIST), in);
            return helper_next(h, L_NEXT, F(F_ITER));
        }
        F(F_ITER) = VAL_NONE;
        return sort_finish(h, sort_begin(h), out);
    case L_KEY: {
        if (!in) return sort_finish(h, -1, out);
        List *keys = (List *)F(F_KEYS);
        list_append(keys, in);
        F(F_ST + S_I) = val_from_small(val_small(F(F_ST + S_I)) + 1);
        return sort_finish(h, sort_keys(h), out);
    }
    case L_COMPARE: {
        int r;
        if (!in) {
            r = -1;
        } else {
            int state = (int)val_small(F(F_CMPSTATE));
            Value x = F(F_CX), y = F(F_CY);
            F(F_CX) = F(F_CY) = VAL_NONE;
            F(F_CMPSTATE) = val_from_small(CS_NONE);
            if (in != VAL_NOTIMPL)
                r = obj_truth(in);
            else if (state == CS_FIRST)
                r = cmp_attempts(h, x, y, 1);
            else
                r = cmp_fail(x, y);
            if (r == 2) return HS_CALL;
            if (r >= 0) {
                F(F_CMPRES) = val_bool(r);
                F(F_CMPSTATE) = val_from_small(CS_READY);
                Sorter s;
                sorter_load(&s, h);
                r = sort_run(&s);
                sorter_store(&s);
            }
        }
        return sort_finish(h, r, out);
    }
    }
    err_format(&SystemErrorType, "list.sort: bad resume label %d", (int)h->label);
    return HS_RAISE;
}

const HelperDef list_sort_helper = {
    .name = "list.sort",
    .step = sort_step,
    .nfields = NFIELDS,
    .labels = sort_labels,
    .nlabels = 5,
    .fields = sort_fields,
};

const HelperDef sorted_helper = {
    .name = "builtins.sorted",
    .step = sort_step,
    .nfields = NFIELDS,
    .labels = sort_labels,
    .nlabels = 5,
    .fields = sort_fields,
};

void listsort_init(void) {
    helper_register(&list_sort_helper);
    helper_register(&sorted_helper);
}
