// listsort.c — list.sort and sorted() as one resumable helper (helper.h):
// key functions and user __lt__/__gt__ are requested with HS_CALL, so no C
// recursion happens and the sort can be suspended at any comparison.
//
// The algorithm is CPython 3.11's timsort (Objects/listobject.c: count_run,
// binarysort, the powersort merge policy, merge_lo/merge_hi with galloping
// and min_gallop adaptation), ported to a state machine so that the same
// comparisons happen in the same order as in CPython (so results agree even
// for inconsistent orders such as NaNs, and __lt__ call counts match). All
// state lives in the helper's fields (Lists and small ints); a suspended
// comparison is replayed on resume with its stored result.
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
    F_BUFK,     // List: merge temp array for keys
    F_BUFV,     // List: merge temp array for values, or None
    F_PENDING,  // List: the pending runs, 3 small ints each (base, len, power)
    F_GKEY,     // the key a gallop searches for
    F_ITER,     // sorted(): the iterator being collected
    F_CMPSTATE, // small int: CS_*
    F_CMPRES,   // the stored comparison result (True / False)
    F_CX,       // the pending comparison's operands (after tuple reduction)
    F_CY,
    F_ST, // first of the NST small-int state words (S_*)
};

// State words: the machine state, the main loop (lo, nremaining, the run
// being built), merge_at/merge_lo/merge_hi (sa, na, sb, nb, dest ...) and
// the gallop sub-machine (G_*).
enum {
    S_PHASE,
    S_STATE,
    S_N,
    S_MINRUN,
    S_LO,
    S_NREM,
    S_POS,
    S_RUNN,
    S_I,
    S_L,
    S_R,
    S_FE,
    S_POWER,
    S_MINGALLOP,
    S_MA_I,
    S_MA_RET,
    S_SA,
    S_NA,
    S_SB,
    S_NB,
    S_DEST,
    S_BASEA,
    S_ACOUNT,
    S_BCOUNT,
    S_MG,
    S_G_KIND,
    S_G_ARR,
    S_G_BASE,
    S_G_N,
    S_G_HINT,
    S_G_PH,
    S_G_OFS,
    S_G_LASTOFS,
    S_G_MAXOFS,
    S_G_RES,
    NST
};
#define NFIELDS (F_ST + NST)

enum { L_ENTRY, L_ITER, L_NEXT, L_KEY, L_COMPARE };
// The field descriptor (helper.h), in the order of the F_* and S_* enums.
#define SORT_FIELDS                                                                                \
    "args:t kwargs:W list:L keyfn:v reverse:B vals:L keys:L bufk:L bufv:L pending:L gkey:v "       \
    "iter:v cmpstate:I cmpres:v cx:v cy:v "                                                        \
    "phase:I state:I n:I minrun:I lo:I nrem:I pos:I runn:I i:I l:I r:I fe:I power:I "              \
    "min_gallop:I ma_i:I ma_ret:I sa:I na:I sb:I nb:I dest:I basea:I acount:I bcount:I mg:I "      \
    "g_kind:I g_arr:I g_base:I g_n:I g_hint:I g_ph:I g_ofs:I g_lastofs:I g_maxofs:I g_res:I"

// Comparison states.
enum { CS_NONE, CS_FIRST, CS_SECOND, CS_READY };
// Phases of the helper.
enum { PH_KEYS, PH_SORT, PH_DONE };

// Machine states (S_STATE).
enum {
    M_RUN_START,
    M_RUN_ASC,
    M_RUN_DESC,
    M_RUN_GOT,
    M_BINSORT,
    M_NEWRUN,
    M_COLLAPSE,
    M_PUSH,
    M_FORCE,
    M_DONE,
    // merge_at
    M_MA_INIT,
    M_MA_G1,
    M_MA_G2,
    // merge_lo
    M_ML_INIT,
    M_ML_OUTER,
    M_ML_SIMPLE,
    M_ML_GALTOP,
    M_ML_G1,
    M_ML_G2,
    // merge_hi
    M_MH_INIT,
    M_MH_OUTER,
    M_MH_SIMPLE,
    M_MH_GALTOP,
    M_MH_G1,
    M_MH_G2,
};

// Gallop phases (S_G_PH) and kinds.
enum { GP_START, GP_L_RIGHT, GP_L_LEFT, GP_R_LEFT, GP_R_RIGHT, GP_BIN };
enum { G_LEFT, G_RIGHT };
enum { ARR_LIST, ARR_TEMP };

#define MIN_GALLOP 7

// ---- the sorter: fields loaded into C locals for one step ---------------------------------

typedef struct {
    Helper *h;
    Value *k, *v;   // keys and values of the list (v NULL when there is no key function)
    Value *bk, *bv; // the temp array
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

// ---- timsort ----------------------------------------------------------------------------------

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

// The "power" of the run at s1 (length n1) followed by a run of length n2
// in a list of length n (CPython's powerloop).
static int64_t powerloop(int64_t s1, int64_t n1, int64_t n2, int64_t n) {
    int64_t result = 0;
    int64_t a = 2 * s1 + n1;
    int64_t b = a + n1 + n2;
    for (;;) {
        ++result;
        if (a >= n) {
            a -= n;
            b -= n;
        } else if (b >= n) {
            break;
        }
        a <<= 1;
        b <<= 1;
    }
    return result;
}

// Move [n] keys (and values) between the list (L) and the temp array (T).
static inline void move_slice(Value *dk, Value *dv, int64_t di, Value *sk, Value *sv, int64_t si,
                              int64_t n) {
    if (n <= 0) return;
    memmove(dk + di, sk + si, (size_t)n * sizeof(Value));
    if (dv) memmove(dv + di, sv + si, (size_t)n * sizeof(Value));
}

#define LK s->k
#define LV s->v
#define TK s->bk
#define TV s->bv
#define TVP (s->v ? s->bv : NULL)
// dest[i] = src[j] for single items.
#define PUT(dk, dv, i, sk, sv, j)                                                                  \
    do {                                                                                           \
        (dk)[i] = (sk)[j];                                                                         \
        if (s->v) (dv)[i] = (sv)[j];                                                               \
    } while (0)

// x < y inside the machine: on a requested call return 2 with the state
// untouched (the comparison is replayed on resume); on error go to fail.
#define LT(x, y)                                                                                   \
    ({                                                                                             \
        int r_ = sort_lt(h, (x), (y));                                                             \
        if (r_ == 2) return 2;                                                                     \
        if (r_ < 0) goto fail;                                                                     \
        r_;                                                                                        \
    })

// Pending run stack in F_PENDING: base, len, power per run.
static inline int64_t npending(Helper *h) {
    return ((List *)F(F_PENDING))->len / 3;
}
static inline int64_t pend_get(Helper *h, int64_t i, int w) {
    return val_small(((List *)F(F_PENDING))->items[i * 3 + w]);
}
static inline void pend_set(Helper *h, int64_t i, int w, int64_t x) {
    ((List *)F(F_PENDING))->items[i * 3 + w] = val_from_small(x);
}
enum { P_BASE, P_LEN, P_POWER };

// Start a gallop for [key] over arr[base .. base+n) with [hint]; the caller
// then moves to state [site] which runs gallop_run.
static void gallop_start(Sorter *s, int kind, Value key, int arr, int64_t base, int64_t n,
                         int64_t hint) {
    Helper *h = s->h;
    int64_t *st = s->st;
    F(F_GKEY) = key;
    st[S_G_KIND] = kind;
    st[S_G_ARR] = arr;
    st[S_G_BASE] = base;
    st[S_G_N] = n;
    st[S_G_HINT] = hint;
    st[S_G_PH] = GP_START;
}

// gallop_left / gallop_right: 0 done (result in S_G_RES), -1 error, 2
// suspended.
static int gallop_run(Sorter *s) {
    Helper *h = s->h;
    int64_t *st = s->st;
    Value key = F(F_GKEY);
    Value *a = (st[S_G_ARR] == ARR_LIST ? s->k : s->bk) + st[S_G_BASE];
    int64_t n = st[S_G_N], hint = st[S_G_HINT];
    bool left = st[S_G_KIND] == G_LEFT;
    for (;;) {
        switch (st[S_G_PH]) {
        case GP_START:
            st[S_G_LASTOFS] = 0;
            st[S_G_OFS] = 1;
            if (left) {
                if (LT(a[hint], key)) {
                    st[S_G_MAXOFS] = n - hint;
                    st[S_G_PH] = GP_L_RIGHT;
                } else {
                    st[S_G_MAXOFS] = hint + 1;
                    st[S_G_PH] = GP_L_LEFT;
                }
            } else {
                if (LT(key, a[hint])) {
                    st[S_G_MAXOFS] = hint + 1;
                    st[S_G_PH] = GP_R_LEFT;
                } else {
                    st[S_G_MAXOFS] = n - hint;
                    st[S_G_PH] = GP_R_RIGHT;
                }
            }
            continue;
        case GP_L_RIGHT: // a[hint] < key: gallop right
        case GP_R_RIGHT: // a[hint] <= key: gallop right
            while (st[S_G_OFS] < st[S_G_MAXOFS]) {
                int64_t ofs = st[S_G_OFS];
                bool go =
                    st[S_G_PH] == GP_L_RIGHT ? LT(a[hint + ofs], key) : !LT(key, a[hint + ofs]);
                if (!go) break;
                st[S_G_LASTOFS] = ofs;
                st[S_G_OFS] = (ofs << 1) + 1;
            }
            if (st[S_G_OFS] > st[S_G_MAXOFS]) st[S_G_OFS] = st[S_G_MAXOFS];
            st[S_G_LASTOFS] += hint;
            st[S_G_OFS] += hint;
            st[S_G_LASTOFS]++;
            st[S_G_PH] = GP_BIN;
            continue;
        case GP_L_LEFT: // key <= a[hint]: gallop left
        case GP_R_LEFT: // key < a[hint]: gallop left
            while (st[S_G_OFS] < st[S_G_MAXOFS]) {
                int64_t ofs = st[S_G_OFS];
                bool go =
                    st[S_G_PH] == GP_L_LEFT ? !LT(a[hint - ofs], key) : LT(key, a[hint - ofs]);
                if (!go) break;
                st[S_G_LASTOFS] = ofs;
                st[S_G_OFS] = (ofs << 1) + 1;
            }
            if (st[S_G_OFS] > st[S_G_MAXOFS]) st[S_G_OFS] = st[S_G_MAXOFS];
            {
                int64_t k = st[S_G_LASTOFS];
                st[S_G_LASTOFS] = hint - st[S_G_OFS];
                st[S_G_OFS] = hint - k;
            }
            st[S_G_LASTOFS]++;
            st[S_G_PH] = GP_BIN;
            continue;
        case GP_BIN:
            while (st[S_G_LASTOFS] < st[S_G_OFS]) {
                int64_t lo = st[S_G_LASTOFS], hi = st[S_G_OFS];
                int64_t m = lo + ((hi - lo) >> 1);
                if (left) {
                    if (LT(a[m], key))
                        st[S_G_LASTOFS] = m + 1;
                    else
                        st[S_G_OFS] = m;
                } else {
                    if (LT(key, a[m]))
                        st[S_G_OFS] = m;
                    else
                        st[S_G_LASTOFS] = m + 1;
                }
            }
            st[S_G_RES] = st[S_G_OFS];
            return 0;
        }
        return -1;
    }
fail:
    return -1;
}

// Run a gallop started with gallop_start from a caller state.
#define GALLOP()                                                                                   \
    ({                                                                                             \
        int g_ = gallop_run(s);                                                                    \
        if (g_ == 2) return 2;                                                                     \
        if (g_ < 0) goto fail;                                                                     \
        st[S_G_RES];                                                                               \
    })

// Run the sort until done (0), an error (-1) or a requested call (2). At
// every comparison the state words describe that comparison, so that it is
// replayed with its stored result when the helper resumes.
static int sort_run(Sorter *s) {
    Helper *h = s->h;
    int64_t *st = s->st;
    int64_t n = st[S_N];
    for (;;) {
        switch (st[S_STATE]) {
        // ---- the main loop: find a run, extend it, merge, push ----
        case M_RUN_START: {
            if (st[S_NREM] == 0) {
                st[S_STATE] = M_FORCE;
                continue;
            }
            int64_t lo = st[S_LO];
            if (st[S_NREM] == 1) {
                st[S_RUNN] = 1;
                st[S_STATE] = M_RUN_GOT;
                continue;
            }
            st[S_STATE] = LT(LK[lo + 1], LK[lo]) ? M_RUN_DESC : M_RUN_ASC;
            st[S_POS] = lo + 2;
            continue;
        }
        case M_RUN_ASC: {
            int64_t lo = st[S_LO], hi = lo + st[S_NREM];
            while (st[S_POS] < hi) {
                int64_t p = st[S_POS];
                if (LT(LK[p], LK[p - 1])) break;
                st[S_POS] = p + 1;
            }
            st[S_RUNN] = st[S_POS] - lo;
            st[S_STATE] = M_RUN_GOT;
            continue;
        }
        case M_RUN_DESC: {
            int64_t lo = st[S_LO], hi = lo + st[S_NREM];
            while (st[S_POS] < hi) {
                int64_t p = st[S_POS];
                if (!LT(LK[p], LK[p - 1])) break;
                st[S_POS] = p + 1;
            }
            st[S_RUNN] = st[S_POS] - lo;
            reverse_range(LK, lo, st[S_POS]);
            reverse_range(LV, lo, st[S_POS]);
            st[S_STATE] = M_RUN_GOT;
            continue;
        }
        case M_RUN_GOT:
            if (st[S_RUNN] < st[S_MINRUN]) {
                int64_t force = st[S_NREM] <= st[S_MINRUN] ? st[S_NREM] : st[S_MINRUN];
                st[S_FE] = st[S_LO] + force;
                st[S_I] = st[S_LO] + st[S_RUNN];
                st[S_L] = st[S_LO];
                st[S_R] = st[S_I];
                st[S_STATE] = M_BINSORT;
            } else {
                st[S_STATE] = M_NEWRUN;
            }
            continue;
        case M_BINSORT: {
            int64_t lo = st[S_LO];
            while (st[S_I] < st[S_FE]) {
                int64_t i = st[S_I];
                while (st[S_L] < st[S_R]) {
                    int64_t m = st[S_L] + ((st[S_R] - st[S_L]) >> 1);
                    if (LT(LK[i], LK[m]))
                        st[S_R] = m;
                    else
                        st[S_L] = m + 1;
                }
                int64_t l = st[S_L];
                Value pk = LK[i];
                memmove(LK + l + 1, LK + l, (size_t)(i - l) * sizeof(Value));
                LK[l] = pk;
                if (LV) {
                    Value pv = LV[i];
                    memmove(LV + l + 1, LV + l, (size_t)(i - l) * sizeof(Value));
                    LV[l] = pv;
                }
                st[S_I] = i + 1;
                st[S_L] = lo;
                st[S_R] = i + 1;
            }
            st[S_RUNN] = st[S_FE] - lo;
            st[S_STATE] = M_NEWRUN;
            continue;
        }
        case M_NEWRUN: { // found_new_run
            int64_t np = npending(h);
            if (np == 0) {
                st[S_STATE] = M_PUSH;
                continue;
            }
            st[S_POWER] =
                powerloop(pend_get(h, np - 1, P_BASE), pend_get(h, np - 1, P_LEN), st[S_RUNN], n);
            st[S_STATE] = M_COLLAPSE;
            continue;
        }
        case M_COLLAPSE: {
            int64_t np = npending(h);
            if (np > 1 && pend_get(h, np - 2, P_POWER) > st[S_POWER]) {
                st[S_MA_I] = np - 2;
                st[S_MA_RET] = M_COLLAPSE;
                st[S_STATE] = M_MA_INIT;
                continue;
            }
            pend_set(h, np - 1, P_POWER, st[S_POWER]);
            st[S_STATE] = M_PUSH;
            continue;
        }
        case M_PUSH: {
            List *p = (List *)F(F_PENDING);
            list_append(p, val_from_small(st[S_LO]));
            list_append(p, val_from_small(st[S_RUNN]));
            list_append(p, val_from_small(0));
            st[S_LO] += st[S_RUNN];
            st[S_NREM] -= st[S_RUNN];
            st[S_STATE] = M_RUN_START;
            continue;
        }
        case M_FORCE: { // merge_force_collapse
            int64_t np = npending(h);
            if (np <= 1) {
                st[S_STATE] = M_DONE;
                continue;
            }
            int64_t i = np - 2;
            if (i > 0 && pend_get(h, i - 1, P_LEN) < pend_get(h, i + 1, P_LEN)) --i;
            st[S_MA_I] = i;
            st[S_MA_RET] = M_FORCE;
            st[S_STATE] = M_MA_INIT;
            continue;
        }
        case M_DONE: return 0;

        // ---- merge_at(i) ----
        case M_MA_INIT: {
            int64_t i = st[S_MA_I], np = npending(h);
            st[S_SA] = pend_get(h, i, P_BASE);
            st[S_NA] = pend_get(h, i, P_LEN);
            st[S_SB] = pend_get(h, i + 1, P_BASE);
            st[S_NB] = pend_get(h, i + 1, P_LEN);
            pend_set(h, i, P_LEN, st[S_NA] + st[S_NB]);
            if (i == np - 3)
                for (int w = 0; w < 3; w++) pend_set(h, i + 1, w, pend_get(h, i + 2, w));
            List *p = (List *)F(F_PENDING);
            p->len -= 3;
            memset(p->items + p->len, 0, 3 * sizeof(Value));
            gallop_start(s, G_RIGHT, LK[st[S_SB]], ARR_LIST, st[S_SA], st[S_NA], 0);
            st[S_STATE] = M_MA_G1;
            continue;
        }
        case M_MA_G1: {
            int64_t k = GALLOP();
            st[S_SA] += k;
            st[S_NA] -= k;
            if (st[S_NA] == 0) {
                st[S_STATE] = st[S_MA_RET];
                continue;
            }
            gallop_start(s, G_LEFT, LK[st[S_SA] + st[S_NA] - 1], ARR_LIST, st[S_SB], st[S_NB],
                         st[S_NB] - 1);
            st[S_STATE] = M_MA_G2;
            continue;
        }
        case M_MA_G2: {
            int64_t nb = GALLOP();
            st[S_NB] = nb;
            if (nb <= 0) {
                st[S_STATE] = st[S_MA_RET];
                continue;
            }
            st[S_STATE] = st[S_NA] <= nb ? M_ML_INIT : M_MH_INIT;
            continue;
        }

        // ---- merge_lo: A (in temp) merged left to right ----
        case M_ML_INIT:
            move_slice(TK, TVP, 0, LK, LV, st[S_SA], st[S_NA]);
            st[S_DEST] = st[S_SA];
            st[S_SA] = 0;
            PUT(LK, LV, st[S_DEST], LK, LV, st[S_SB]);
            st[S_DEST]++;
            st[S_SB]++;
            st[S_NB]--;
            if (st[S_NB] == 0) goto ml_succeed;
            if (st[S_NA] == 1) goto ml_copyb;
            st[S_MG] = st[S_MINGALLOP];
            st[S_STATE] = M_ML_OUTER;
            continue;
        case M_ML_OUTER:
            st[S_ACOUNT] = st[S_BCOUNT] = 0;
            st[S_STATE] = M_ML_SIMPLE;
            continue;
        case M_ML_SIMPLE:
            for (;;) {
                if (LT(LK[st[S_SB]], TK[st[S_SA]])) {
                    PUT(LK, LV, st[S_DEST], LK, LV, st[S_SB]);
                    st[S_DEST]++;
                    st[S_SB]++;
                    st[S_BCOUNT]++;
                    st[S_ACOUNT] = 0;
                    st[S_NB]--;
                    if (st[S_NB] == 0) goto ml_succeed;
                    if (st[S_BCOUNT] >= st[S_MG]) break;
                } else {
                    PUT(LK, LV, st[S_DEST], TK, TV, st[S_SA]);
                    st[S_DEST]++;
                    st[S_SA]++;
                    st[S_ACOUNT]++;
                    st[S_BCOUNT] = 0;
                    st[S_NA]--;
                    if (st[S_NA] == 1) goto ml_copyb;
                    if (st[S_ACOUNT] >= st[S_MG]) break;
                }
            }
            st[S_MG]++;
            st[S_STATE] = M_ML_GALTOP;
            continue;
        case M_ML_GALTOP:
            st[S_MG] -= st[S_MG] > 1;
            st[S_MINGALLOP] = st[S_MG];
            gallop_start(s, G_RIGHT, LK[st[S_SB]], ARR_TEMP, st[S_SA], st[S_NA], 0);
            st[S_STATE] = M_ML_G1;
            continue;
        case M_ML_G1: {
            int64_t k = GALLOP();
            st[S_ACOUNT] = k;
            if (k) {
                move_slice(LK, LV, st[S_DEST], TK, TVP, st[S_SA], k);
                st[S_DEST] += k;
                st[S_SA] += k;
                st[S_NA] -= k;
                if (st[S_NA] == 1) goto ml_copyb;
                if (st[S_NA] == 0) goto ml_succeed;
            }
            PUT(LK, LV, st[S_DEST], LK, LV, st[S_SB]);
            st[S_DEST]++;
            st[S_SB]++;
            st[S_NB]--;
            if (st[S_NB] == 0) goto ml_succeed;
            gallop_start(s, G_LEFT, TK[st[S_SA]], ARR_LIST, st[S_SB], st[S_NB], 0);
            st[S_STATE] = M_ML_G2;
            continue;
        }
        case M_ML_G2: {
            int64_t k = GALLOP();
            st[S_BCOUNT] = k;
            if (k) {
                move_slice(LK, LV, st[S_DEST], LK, LV, st[S_SB], k);
                st[S_DEST] += k;
                st[S_SB] += k;
                st[S_NB] -= k;
                if (st[S_NB] == 0) goto ml_succeed;
            }
            PUT(LK, LV, st[S_DEST], TK, TV, st[S_SA]);
            st[S_DEST]++;
            st[S_SA]++;
            st[S_NA]--;
            if (st[S_NA] == 1) goto ml_copyb;
            if (st[S_ACOUNT] >= MIN_GALLOP || st[S_BCOUNT] >= MIN_GALLOP) {
                st[S_STATE] = M_ML_GALTOP;
            } else {
                st[S_MG]++;
                st[S_MINGALLOP] = st[S_MG];
                st[S_STATE] = M_ML_OUTER;
            }
            continue;
        }
        ml_succeed:
            if (st[S_NA]) move_slice(LK, LV, st[S_DEST], TK, TVP, st[S_SA], st[S_NA]);
            st[S_NA] = 0;
            st[S_STATE] = st[S_MA_RET];
            continue;
        ml_copyb:
            move_slice(LK, LV, st[S_DEST], LK, LV, st[S_SB], st[S_NB]);
            PUT(LK, LV, st[S_DEST] + st[S_NB], TK, TV, st[S_SA]);
            st[S_NA] = 0;
            st[S_STATE] = st[S_MA_RET];
            continue;

        // ---- merge_hi: B (in temp) merged right to left ----
        case M_MH_INIT: {
            int64_t na = st[S_NA], nb = st[S_NB];
            st[S_DEST] = st[S_SB] + nb - 1;
            move_slice(TK, TVP, 0, LK, LV, st[S_SB], nb);
            st[S_BASEA] = st[S_SA];
            st[S_SB] = nb - 1;
            st[S_SA] = st[S_SA] + na - 1;
            PUT(LK, LV, st[S_DEST], LK, LV, st[S_SA]);
            st[S_DEST]--;
            st[S_SA]--;
            st[S_NA]--;
            if (st[S_NA] == 0) goto mh_succeed;
            if (st[S_NB] == 1) goto mh_copya;
            st[S_MG] = st[S_MINGALLOP];
            st[S_STATE] = M_MH_OUTER;
            continue;
        }
        case M_MH_OUTER:
            st[S_ACOUNT] = st[S_BCOUNT] = 0;
            st[S_STATE] = M_MH_SIMPLE;
            continue;
        case M_MH_SIMPLE:
            for (;;) {
                if (LT(TK[st[S_SB]], LK[st[S_SA]])) {
                    PUT(LK, LV, st[S_DEST], LK, LV, st[S_SA]);
                    st[S_DEST]--;
                    st[S_SA]--;
                    st[S_ACOUNT]++;
                    st[S_BCOUNT] = 0;
                    st[S_NA]--;
                    if (st[S_NA] == 0) goto mh_succeed;
                    if (st[S_ACOUNT] >= st[S_MG]) break;
                } else {
                    PUT(LK, LV, st[S_DEST], TK, TV, st[S_SB]);
                    st[S_DEST]--;
                    st[S_SB]--;
                    st[S_BCOUNT]++;
                    st[S_ACOUNT] = 0;
                    st[S_NB]--;
                    if (st[S_NB] == 1) goto mh_copya;
                    if (st[S_BCOUNT] >= st[S_MG]) break;
                }
            }
            st[S_MG]++;
            st[S_STATE] = M_MH_GALTOP;
            continue;
        case M_MH_GALTOP:
            st[S_MG] -= st[S_MG] > 1;
            st[S_MINGALLOP] = st[S_MG];
            gallop_start(s, G_RIGHT, TK[st[S_SB]], ARR_LIST, st[S_BASEA], st[S_NA], st[S_NA] - 1);
            st[S_STATE] = M_MH_G1;
            continue;
        case M_MH_G1: {
            int64_t k = st[S_NA] - GALLOP();
            st[S_ACOUNT] = k;
            if (k) {
                st[S_DEST] -= k;
                st[S_SA] -= k;
                move_slice(LK, LV, st[S_DEST] + 1, LK, LV, st[S_SA] + 1, k);
                st[S_NA] -= k;
                if (st[S_NA] == 0) goto mh_succeed;
            }
            PUT(LK, LV, st[S_DEST], TK, TV, st[S_SB]);
            st[S_DEST]--;
            st[S_SB]--;
            st[S_NB]--;
            if (st[S_NB] == 1) goto mh_copya;
            gallop_start(s, G_LEFT, LK[st[S_SA]], ARR_TEMP, 0, st[S_NB], st[S_NB] - 1);
            st[S_STATE] = M_MH_G2;
            continue;
        }
        case M_MH_G2: {
            int64_t k = st[S_NB] - GALLOP();
            st[S_BCOUNT] = k;
            if (k) {
                st[S_DEST] -= k;
                st[S_SB] -= k;
                move_slice(LK, LV, st[S_DEST] + 1, TK, TVP, st[S_SB] + 1, k);
                st[S_NB] -= k;
                if (st[S_NB] == 1) goto mh_copya;
                if (st[S_NB] == 0) goto mh_succeed;
            }
            PUT(LK, LV, st[S_DEST], LK, LV, st[S_SA]);
            st[S_DEST]--;
            st[S_SA]--;
            st[S_NA]--;
            if (st[S_NA] == 0) goto mh_succeed;
            if (st[S_ACOUNT] >= MIN_GALLOP || st[S_BCOUNT] >= MIN_GALLOP) {
                st[S_STATE] = M_MH_GALTOP;
            } else {
                st[S_MG]++;
                st[S_MINGALLOP] = st[S_MG];
                st[S_STATE] = M_MH_OUTER;
            }
            continue;
        }
        mh_succeed:
            if (st[S_NB]) move_slice(LK, LV, st[S_DEST] - (st[S_NB] - 1), TK, TVP, 0, st[S_NB]);
            st[S_NB] = 0;
            st[S_STATE] = st[S_MA_RET];
            continue;
        mh_copya : {
            int64_t na = st[S_NA];
            move_slice(LK, LV, st[S_DEST] + 1 - na, LK, LV, st[S_SA] + 1 - na, na);
            st[S_DEST] -= na;
            st[S_SA] -= na;
            PUT(LK, LV, st[S_DEST], TK, TV, st[S_SB]);
            st[S_NB] = 0;
            st[S_STATE] = st[S_MA_RET];
            continue;
        }
        }
        return -1;
    }
fail:
    // As CPython: items parked in the temp array go back into the list.
    switch (st[S_STATE]) {
    case M_ML_OUTER:
    case M_ML_SIMPLE:
    case M_ML_GALTOP:
    case M_ML_G1:
    case M_ML_G2:
        if (st[S_NA]) move_slice(LK, LV, st[S_DEST], TK, TVP, st[S_SA], st[S_NA]);
        break;
    case M_MH_OUTER:
    case M_MH_SIMPLE:
    case M_MH_GALTOP:
    case M_MH_G1:
    case M_MH_G2:
        if (st[S_NB]) move_slice(LK, LV, st[S_DEST] - (st[S_NB] - 1), TK, TVP, 0, st[S_NB]);
        break;
    default: break;
    }
    return -1;
}

#undef LT
#undef GALLOP

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

// A merge temp array: a list of [n] Nones, so that everything parked in it
// is inside the list's length (and thus seen by the frame format).
static List *temp_array(int64_t n) {
    List *l = list_new(n);
    for (int64_t i = 0; i < n; i++) l->items[i] = VAL_NONE;
    l->len = n;
    return l;
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
    F(F_BUFK) = (Value)temp_array(n);
    F(F_BUFV) = haskeys ? (Value)temp_array(n) : VAL_NONE;
    F(F_PENDING) = (Value)list_new(0);
    F(F_ST + S_PHASE) = val_from_small(PH_SORT);
    F(F_ST + S_STATE) = val_from_small(n > 1 ? M_RUN_START : M_DONE);
    F(F_ST + S_MINRUN) = val_from_small(compute_minrun(n));
    F(F_ST + S_LO) = val_from_small(0);
    F(F_ST + S_NREM) = val_from_small(n);
    F(F_ST + S_MINGALLOP) = val_from_small(MIN_GALLOP);
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
    F(F_BUFK) = F(F_BUFV) = F(F_KEYS) = F(F_PENDING) = F(F_GKEY) = VAL_NONE;
    if (r < 0) {
        restore_list(h, false);
        return HS_RAISE;
    }
    if (!restore_list(h, true)) return HS_RAISE;
    *out = h->def == &sorted_helper ? F(F_LIST) : VAL_NONE;
    return HS_RETURN;
}

// ---- checking a record -------------------------------------------------------------------------
//
// A record suspended at L_KEY or L_COMPARE is continued from its fields
// alone. sort_state_bad checks the invariants the machine keeps at every
// point where it can be suspended (the same whatever the comparisons
// answer), which are what keeps every index it computes inside the item,
// key and temp arrays: it runs for a record decoded from a pickle
// (sort_validate) and again at each resume, since a key function or
// __lt__ could change a list it shares with a forged record.

extern HelperDef list_sort_helper, sorted_helper;

// The field to blame (with *why) if the state of [h] at L_KEY / L_COMPARE
// breaks an invariant, or -1.
static int sort_state_bad(Helper *h, const char **why) {
#define BAD(field, msg)                                                                            \
    do {                                                                                           \
        *why = msg;                                                                                \
        return field;                                                                              \
    } while (0)
#define IN(w, lo, hi)                                                                              \
    if (st[w] < (lo) || st[w] > (hi)) BAD(F_ST + (w), "out of range")
    if (h->label != L_KEY && h->label != L_COMPARE) return -1;
    if (F(F_VALS) == VAL_NONE) BAD(F_VALS, "expected list, got None");
    if (!val_is_small(F(F_CMPSTATE))) BAD(F_CMPSTATE, "expected small int, got None");
    int64_t st[NST];
    for (int i = 0; i < NST; i++) {
        if (!val_is_small(F(F_ST + i))) BAD(F_ST + i, "expected small int, got None");
        st[i] = val_small(F(F_ST + i));
    }
    int64_t n = ((List *)F(F_VALS))->len;
    if (st[S_N] != n) BAD(F_ST + S_N, "not the number of items");
    bool haskeys = F(F_KEYS) != VAL_NONE;
    int64_t nkeys = haskeys ? ((List *)F(F_KEYS))->len : 0;
    if (h->label == L_KEY) {
        if (st[S_PHASE] != PH_KEYS) BAD(F_ST + S_PHASE, "not computing keys");
        if (!haskeys) BAD(F_KEYS, "expected list, got None");
        IN(S_I, 0, n - 1);
        if (nkeys != st[S_I]) BAD(F_KEYS, "not one key per item before i");
        return -1;
    }
    if (st[S_PHASE] != PH_SORT) BAD(F_ST + S_PHASE, "not sorting");
    if (n < 2) BAD(F_VALS, "fewer than two items to sort");
    if (haskeys && nkeys < n) BAD(F_KEYS, "fewer keys than items");
    if (F(F_BUFK) == VAL_NONE || ((List *)F(F_BUFK))->len < n)
        BAD(F_BUFK, "not a list as long as the items");
    if (haskeys ? F(F_BUFV) == VAL_NONE || ((List *)F(F_BUFV))->len < n : F(F_BUFV) != VAL_NONE)
        BAD(F_BUFV, haskeys ? "not a list as long as the items" : "set without keys");
    // The pending runs: contiguous, non-empty, from 0 to lo.
    if (F(F_PENDING) == VAL_NONE) BAD(F_PENDING, "expected list, got None");
    List *p = (List *)F(F_PENDING);
    if (p->len % 3) BAD(F_PENDING, "not (base, len, power) triples");
    int64_t np = p->len / 3, end = 0;
    for (int64_t j = 0; j < p->len; j++)
        if (!val_is_small(p->items[j])) BAD(F_PENDING, "not small ints");
    for (int64_t j = 0; j < np; j++) {
        int64_t base = val_small(p->items[3 * j]), len = val_small(p->items[3 * j + 1]);
        if (base != end || len < 1 || len > n - end) BAD(F_PENDING, "runs not contiguous");
        end += len;
    }
    IN(S_LO, 0, n);
    int64_t lo = st[S_LO], nrem = st[S_NREM];
    if (nrem != n - lo) BAD(F_ST + S_NREM, "not the number of items after lo");
    if (end != lo) BAD(F_PENDING, "runs do not end at lo");
    // Where the machine stands: a run being found, or a merge.
    int kind, arr;
    int64_t base, gn, hint;
    switch (st[S_STATE]) {
    case M_RUN_START: return -1;
    case M_RUN_ASC:
    case M_RUN_DESC: IN(S_POS, lo + 2, lo + nrem); return -1;
    case M_BINSORT:
        IN(S_FE, lo + 1, lo + nrem);
        IN(S_I, lo, st[S_FE] - 1);
        IN(S_R, lo, st[S_I]);
        IN(S_L, lo, st[S_R]);
        return -1;
    case M_MA_G1:
    case M_MA_G2:
    case M_ML_SIMPLE:
    case M_ML_G1:
    case M_ML_G2:
    case M_MH_SIMPLE:
    case M_MH_G1:
    case M_MH_G2: break;
    default: BAD(F_ST + S_STATE, "not a state that compares");
    }
    if (st[S_MA_RET] == M_COLLAPSE) {
        IN(S_RUNN, 1, nrem);
    } else if (st[S_MA_RET] == M_FORCE) {
        if (nrem) BAD(F_ST + S_NREM, "items left after the last run");
    } else {
        BAD(F_ST + S_MA_RET, "not a state a merge returns to");
    }
    IN(S_MA_I, 0, np - 1);
    // The merge stays inside the pending run it produces, [pb, pe).
    int64_t pb = val_small(p->items[3 * st[S_MA_I]]);
    int64_t pe = pb + val_small(p->items[3 * st[S_MA_I] + 1]);
    switch (st[S_STATE]) {
    case M_MA_G1:
    case M_MA_G2: // merge_at: runs A [sa, sa+na) and B [sb, sb+nb)
        IN(S_SA, pb, pe);
        IN(S_NA, 1, pe);
        IN(S_SB, pb, pe);
        IN(S_NB, 1, pe);
        if (st[S_SA] + st[S_NA] != st[S_SB]) BAD(F_ST + S_SB, "not where A ends");
        if (st[S_SB] + st[S_NB] > pe) BAD(F_ST + S_NB, "B ends after the run");
        if (st[S_STATE] == M_MA_G1)
            kind = G_RIGHT, arr = ARR_LIST, base = st[S_SA], gn = st[S_NA], hint = 0;
        else
            kind = G_LEFT, arr = ARR_LIST, base = st[S_SB], gn = st[S_NB], hint = st[S_NB] - 1;
        break;
    case M_ML_SIMPLE:
    case M_ML_G1:
    case M_ML_G2: // merge_lo: A in temp [sa, sa+na), B in the list [sb, sb+nb)
        IN(S_DEST, pb, pe);
        IN(S_NA, 2, n);
        IN(S_SA, 0, n - st[S_NA]);
        IN(S_SB, pb, pe);
        IN(S_NB, 1, pe);
        if (st[S_DEST] + st[S_NA] != st[S_SB]) BAD(F_ST + S_DEST, "not na before B");
        if (st[S_SB] + st[S_NB] > pe) BAD(F_ST + S_NB, "B ends after the run");
        if (st[S_STATE] == M_ML_SIMPLE) return -1;
        if (st[S_STATE] == M_ML_G1)
            kind = G_RIGHT, arr = ARR_TEMP, base = st[S_SA], gn = st[S_NA], hint = 0;
        else
            kind = G_LEFT, arr = ARR_LIST, base = st[S_SB], gn = st[S_NB], hint = 0;
        break;
    default: // merge_hi: A in the list [basea, sa], B in temp [0, sb]
        IN(S_BASEA, pb, pe);
        IN(S_NA, 1, n);
        IN(S_SA, pb, pe);
        IN(S_DEST, pb, pe - 1);
        IN(S_NB, 2, n);
        if (st[S_SB] != st[S_NB] - 1) BAD(F_ST + S_SB, "not the last of B");
        if (st[S_SA] - st[S_BASEA] + 1 != st[S_NA]) BAD(F_ST + S_SA, "not the last of A");
        if (st[S_DEST] - st[S_SA] != st[S_NB]) BAD(F_ST + S_DEST, "not nb after A");
        if (st[S_STATE] == M_MH_SIMPLE) return -1;
        if (st[S_STATE] == M_MH_G1)
            kind = G_RIGHT, arr = ARR_LIST, base = st[S_BASEA], gn = st[S_NA], hint = st[S_NA] - 1;
        else
            kind = G_LEFT, arr = ARR_TEMP, base = 0, gn = st[S_NB], hint = st[S_NB] - 1;
        break;
    }
    // A gallop over arr[base, base+gn) from hint, as the merge started it.
    if (st[S_G_KIND] != kind || st[S_G_ARR] != arr || st[S_G_BASE] != base || st[S_G_N] != gn ||
        st[S_G_HINT] != hint)
        BAD(F_ST + S_G_BASE, "not the gallop of the merge");
    if (st[S_G_PH] == GP_START) return -1; // ofs, lastofs and maxofs are set from here on
    IN(S_G_OFS, 0, n);
    IN(S_G_LASTOFS, 0, n);
    IN(S_G_MAXOFS, 0, n);
    int64_t ofs = st[S_G_OFS], last = st[S_G_LASTOFS], maxofs = st[S_G_MAXOFS];
    switch (st[S_G_PH]) {
    case GP_L_RIGHT:
    case GP_R_RIGHT:
    case GP_L_LEFT:
    case GP_R_LEFT: {
        bool left_kind = st[S_G_PH] == GP_L_RIGHT || st[S_G_PH] == GP_L_LEFT;
        bool rightward = st[S_G_PH] == GP_L_RIGHT || st[S_G_PH] == GP_R_RIGHT;
        if (left_kind != (kind == G_LEFT)) BAD(F_ST + S_G_PH, "not a phase of this gallop");
        if (maxofs != (rightward ? gn - hint : hint + 1))
            BAD(F_ST + S_G_MAXOFS, "not the distance to the end");
        if (ofs < 1 || ofs >= maxofs || last >= ofs) BAD(F_ST + S_G_OFS, "out of range");
        return -1;
    }
    case GP_BIN:
        if (last >= ofs || ofs > gn) BAD(F_ST + S_G_OFS, "out of range");
        return -1;
    default: BAD(F_ST + S_G_PH, "not a gallop phase");
    }
#undef IN
#undef BAD
}

// At a resume: false (SystemError) if the state no longer holds.
static bool sort_state_intact(Helper *h) {
    const char *why;
    int f = sort_state_bad(h, &why);
    if (f < 0) return true;
    err_format(&SystemErrorType, "%s: corrupted state: %s %s", h->def->name, h->def->fields[f],
               why);
    return false;
}

// helper_check_fields: the record's fields at its label.
static bool sort_validate(Helper *h) {
    bool is_sorted = h->def == &sorted_helper;
    if (!is_sorted) {
        if (!helper_check_self(h, &ListType)) return false;
        if (h->label == L_ITER || h->label == L_NEXT)
            return helper_field_error(h, -1, "list.sort does not collect an iterable");
    }
    if (h->label == L_ENTRY) return true;
    if (F(F_LIST) == VAL_NONE) return helper_field_error(h, F_LIST, "expected list, got None");
    if (F(F_REVERSE) == VAL_NONE)
        return helper_field_error(h, F_REVERSE, "expected bool, got None");
    const char *why;
    int f = sort_state_bad(h, &why);
    return f < 0 || helper_field_error(h, f, "%s", why);
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
        if (!in || !sort_state_intact(h)) return sort_finish(h, -1, out);
        List *keys = (List *)F(F_KEYS);
        list_append(keys, in);
        F(F_ST + S_I) = val_from_small(val_small(F(F_ST + S_I)) + 1);
        return sort_finish(h, sort_keys(h), out);
    }
    case L_COMPARE: {
        int r;
        if (!in || !sort_state_intact(h)) {
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

HELPER_CHECKED(list_sort_helper, "list.sort", sort_step, sort_validate, SORT_FIELDS, "entry",
               "iter", "next", "key", "compare")
HELPER_CHECKED(sorted_helper, "builtins.sorted", sort_step, sort_validate, SORT_FIELDS, "entry",
               "iter", "next", "key", "compare")

void listsort_init(void) {
    helper_register(&list_sort_helper);
    helper_register(&sorted_helper);
    helper_expect_nfields(&list_sort_helper, NFIELDS);
}
