// set.c — set and frozenset with CPython 3.11's exact table algorithm
// (setobject.c: linear probes of 9, perturbation, fill factor 3/5, growth
// to used*4, reuse of the last dummy seen) so that iteration orders match
// CPython for ints, floats and tuples; the set algebra, comparisons,
// frozenset's hash, and the set iterator. add/remove/discard/`in` whose
// __hash__/__eq__ are Python code continue as vm.set_op records.
#include "containers_impl.h"
#include "helper.h"

#include <string.h>

Obj SET_DUMMY_OBJ = {&IterDoneType};

#define LINEAR_PROBES 9
#define PERTURB_SHIFT 5
#define SET_MINSIZE 8

static inline bool is_anyset(Value v) {
    Type *t = val_type(v);
    return t == &SetType || t == &FrozenSetType;
}

static inline bool is_frozen(Set *s) {
    return s->obj.type == &FrozenSetType;
}

// ---- table ------------------------------------------------------------------------------

Set *set_new(Type *t) {
    Set *s = (Set *)obj_alloc(t, sizeof(Set));
    s->table = gc_alloc(SET_MINSIZE * sizeof(SetEntry));
    s->mask = SET_MINSIZE - 1;
    // frozenset: hash cache (-1 unknown); set: the pop() finger.
    s->hash = t == &FrozenSetType ? -1 : 0;
    return s;
}

static void set_insert_clean(SetEntry *table, uint64_t mask, Value key, int64_t hash) {
    uint64_t perturb = (uint64_t)hash, i = (uint64_t)hash & mask;
    for (;;) {
        SetEntry *e = &table[i];
        if (!e->key) goto found;
        if (i + LINEAR_PROBES <= mask) {
            for (int j = 0; j < LINEAR_PROBES; j++) {
                e++;
                if (!e->key) goto found;
            }
        }
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
        continue;
    found:
        e->key = key;
        e->hash = hash;
        return;
    }
}

static void set_table_resize(Set *so, int64_t minused) {
    uint64_t newsize = SET_MINSIZE;
    while (newsize <= (uint64_t)minused) newsize <<= 1;
    SetEntry *old = so->table;
    uint64_t oldmask = (uint64_t)so->mask;
    SetEntry *nt = gc_alloc(newsize * sizeof(SetEntry));
    so->mask = (int64_t)newsize - 1;
    so->table = nt;
    uint64_t newmask = newsize - 1;
    if (so->fill == so->used) {
        for (uint64_t k = 0; k <= oldmask; k++)
            if (old[k].key) set_insert_clean(nt, newmask, old[k].key, old[k].hash);
    } else {
        so->fill = so->used;
        for (uint64_t k = 0; k <= oldmask; k++)
            if (old[k].key && old[k].key != SET_DUMMY)
                set_insert_clean(nt, newmask, old[k].key, old[k].hash);
    }
}

// Two keys with equal hashes: 1 equal, 0 not, -1 error.
static inline int keys_equal(Value a, Value b) {
    if (a == b) return 1;
    if (val_is_small(a) && val_is_small(b)) return 0;
    if (!val_is_small(a) && !val_is_small(b) && a->type == &StrType && b->type == &StrType)
        return str_eq((Str *)a, (Str *)b);
    return obj_eq(a, b);
}

// Find [key]: the entry holding it, or NULL when absent; *err set on error.
static SetEntry *set_lookkey(Set *so, Value key, int64_t hash, bool *err) {
restart:;
    uint64_t mask = (uint64_t)so->mask, perturb = (uint64_t)hash, i = (uint64_t)hash & mask;
    for (;;) {
        SetEntry *e = &so->table[i];
        int probes = (i + LINEAR_PROBES <= mask) ? LINEAR_PROBES : 0;
        do {
            if (e->hash == 0 && !e->key) return NULL;
            if (e->hash == hash) {
                Value startkey = e->key;
                if (startkey == key) return e;
                SetEntry *table = so->table;
                int cmp = keys_equal(startkey, key);
                if (cmp < 0) {
                    *err = true;
                    return NULL;
                }
                if (table != so->table || e->key != startkey) goto restart;
                if (cmp > 0) return e;
                mask = (uint64_t)so->mask;
            }
            e++;
        } while (probes--);
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
    }
}

static int set_add_entry(Set *so, Value key, int64_t hash) {
restart:;
    uint64_t mask = (uint64_t)so->mask, perturb = (uint64_t)hash, i = (uint64_t)hash & mask;
    SetEntry *freeslot = NULL, *e;
    for (;;) {
        e = &so->table[i];
        int probes = (i + LINEAR_PROBES <= mask) ? LINEAR_PROBES : 0;
        do {
            if (e->hash == 0 && !e->key) goto found_unused_or_dummy;
            if (e->hash == hash) {
                Value startkey = e->key;
                if (startkey == key) return 0;
                SetEntry *table = so->table;
                int cmp = keys_equal(startkey, key);
                if (cmp > 0) return 0;
                if (cmp < 0) return -1;
                if (table != so->table || e->key != startkey) goto restart;
                mask = (uint64_t)so->mask;
            } else if (e->hash == -1 && e->key == SET_DUMMY) {
                freeslot = e;
            }
            e++;
        } while (probes--);
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
    }
found_unused_or_dummy:
    if (freeslot) {
        so->used++;
        freeslot->key = key;
        freeslot->hash = hash;
        return 0;
    }
    so->fill++;
    so->used++;
    e->key = key;
    e->hash = hash;
    if ((uint64_t)so->fill * 5 < mask * 3) return 0;
    set_table_resize(so, so->used > 50000 ? so->used * 2 : so->used * 4);
    return 0;
}

// 1 removed, 0 absent, -1 error.
static int set_discard_entry(Set *so, Value key, int64_t hash) {
    bool err = false;
    SetEntry *e = set_lookkey(so, key, hash, &err);
    if (err) return -1;
    if (!e) return 0;
    e->key = SET_DUMMY;
    e->hash = -1;
    so->used--;
    return 1;
}

static int set_contains_entry(Set *so, Value key, int64_t hash) {
    bool err = false;
    SetEntry *e = set_lookkey(so, key, hash, &err);
    if (err) return -1;
    return e != NULL;
}

void set_insert_hashed(Set *s, Value key, int64_t hash) {
    if ((uint64_t)(s->fill + 1) * 5 >= (uint64_t)s->mask * 3)
        set_table_resize(s, s->used > 50000 ? s->used * 2 : s->used * 4);
    set_insert_clean(s->table, (uint64_t)s->mask, key, hash);
    s->fill++;
    s->used++;
}

int set_add(Set *s, Value key) {
    int64_t h = container_hash(key);
    if (h == -1 && err_occurred()) return -1;
    return set_add_entry(s, key, h);
}

int set_contains(Set *s, Value key) {
    int64_t h = container_hash(key);
    if (h == -1 && err_occurred()) return -1;
    return set_contains_entry(s, key, h);
}

int set_discard(Set *s, Value key) {
    int64_t h = container_hash(key);
    if (h == -1 && err_occurred()) return -1;
    return set_discard_entry(s, key, h);
}

bool set_next(Set *s, int64_t *pos, Value *key) {
    int64_t i = *pos;
    while (i <= s->mask && (!s->table[i].key || s->table[i].key == SET_DUMMY)) i++;
    *pos = i + 1;
    if (i > s->mask) return false;
    if (key) *key = s->table[i].key;
    return true;
}

static void set_clear_internal(Set *so) {
    so->table = gc_alloc(SET_MINSIZE * sizeof(SetEntry));
    so->mask = SET_MINSIZE - 1;
    so->fill = so->used = 0;
}

static int set_merge(Set *so, Set *other) {
    if (other == so || other->used == 0) return 0;
    if ((so->fill + other->used) * 5 >= so->mask * 3)
        set_table_resize(so, (so->used + other->used) * 2);
    SetEntry *st = so->table, *ot = other->table;
    if (so->fill == 0 && so->mask == other->mask && other->fill == other->used) {
        for (int64_t i = 0; i <= other->mask; i++)
            if (ot[i].key) st[i] = ot[i];
        so->fill = other->fill;
        so->used = other->used;
        return 0;
    }
    if (so->fill == 0) {
        so->fill = other->used;
        so->used = other->used;
        for (int64_t i = 0; i <= other->mask; i++)
            if (ot[i].key && ot[i].key != SET_DUMMY)
                set_insert_clean(st, (uint64_t)so->mask, ot[i].key, ot[i].hash);
        return 0;
    }
    for (int64_t i = 0; i <= other->mask; i++) {
        SetEntry *e = &other->table[i];
        if (e->key && e->key != SET_DUMMY && set_add_entry(so, e->key, e->hash) < 0) return -1;
    }
    return 0;
}

int set_update_internal(Set *so, Value other) {
    if (is_anyset(other)) return set_merge(so, (Set *)other);
    if (val_is(other, &DictType)) {
        Dict *d = (Dict *)other;
        if ((so->fill + d->used) * 5 >= so->mask * 3)
            set_table_resize(so, (so->used + d->used) * 2);
        for (int64_t i = 0; i < d->nentries; i++) {
            DictEntry *e = &d->entries[i];
            if (e->key && set_add_entry(so, e->key, e->hash) < 0) return -1;
        }
        return 0;
    }
    Value it = obj_iter(other);
    if (!it) return -1;
    for (;;) {
        Value key = obj_next(it);
        if (key == ITER_DONE) return 0;
        if (!key || set_add(so, key) < 0) return -1;
    }
}

int set_update(Set *s, Value iterable) {
    return set_update_internal(s, iterable);
}

// make_new_set: a new set of type [t] filled from [iterable] (may be NULL).
static Set *make_new_set(Type *t, Value iterable) {
    Set *s = set_new(t);
    if (iterable && set_update_internal(s, iterable) < 0) return NULL;
    return s;
}

Set *set_from_iterable(Type *t, Value iterable) {
    return make_new_set(t, iterable);
}

static Set *set_copy(Set *so) {
    return make_new_set(val_type((Value)so), (Value)so);
}

// Hash [key], converting an unhashable set key to a frozenset as CPython's
// set_contains/remove/discard do. Returns false with an error pending.
static bool hash_key_or_frozen(Value *key, int64_t *hash) {
    *hash = container_hash(*key);
    if (*hash != -1 || !err_occurred()) return true;
    if (!val_is(*key, &SetType) || !err_matches(&TypeErrorType)) return false;
    err_clear();
    Set *tmp = make_new_set(&FrozenSetType, *key);
    if (!tmp) return false;
    *key = (Value)tmp;
    *hash = container_hash(*key);
    return *hash != -1 || !err_occurred();
}

Set *set_from_layout(Type *t, int64_t mask, const Value *slots, int64_t finger) {
    if (mask < SET_MINSIZE - 1 || ((mask + 1) & mask) != 0) {
        err_format(&ValueErrorType, "corrupt set layout: bad table size");
        return NULL;
    }
    Set *s = set_new(t);
    s->table = gc_alloc((size_t)(mask + 1) * sizeof(SetEntry));
    s->mask = mask;
    for (int64_t i = 0; i <= mask; i++) {
        Value k = slots[i];
        if (!k) continue;
        s->fill++;
        if (k == SET_DUMMY) {
            s->table[i].key = SET_DUMMY;
            s->table[i].hash = -1;
            continue;
        }
        int64_t h = container_hash(k);
        if (h == -1 && err_occurred()) return NULL;
        s->table[i].key = k;
        s->table[i].hash = h;
        s->used++;
    }
    if ((uint64_t)s->fill * 5 >= (uint64_t)mask * 3) {
        err_format(&ValueErrorType, "corrupt set layout: table too full");
        return NULL;
    }
    // Every key must be found at its own slot by a lookup.
    for (int64_t i = 0; i <= mask; i++) {
        SetEntry *e = &s->table[i];
        if (!e->key || e->key == SET_DUMMY) continue;
        bool err = false;
        SetEntry *f = set_lookkey(s, e->key, e->hash, &err);
        if (err) return NULL;
        if (f != e) {
            err_format(&ValueErrorType, "corrupt set layout: key not at its probe position");
            return NULL;
        }
    }
    if (t != &FrozenSetType) s->hash = finger >= 0 ? finger : 0;
    return s;
}

// ---- lookups whose __hash__ / __eq__ are Python code (helper protocol) -------------------
//
// As in dict.c: set_probe stops at a candidate entry whose comparison
// needs a Python __eq__, the helper vm.set_op asks for it, and the probe
// resumes after the entry holding that candidate key (walking the probe
// sequence again: positions are not state, a pickle rebuilds the table);
// if no entry holds it any more the lookup restarts.

// As set_lookkey, without running Python code: 1 found (*ep), 0 absent, 2
// when the entry holding *cand needs a Python __eq__, -1 error. With
// [after] set, entries up to the one holding key [after] are skipped.
static int set_probe(Set *so, Value key, int64_t hash, Value after, SetEntry **ep, Value *cand) {
restart:;
    uint64_t mask = (uint64_t)so->mask, perturb = (uint64_t)hash, i = (uint64_t)hash & mask;
    bool skipping = after != VAL_NULL;
    for (;;) {
        SetEntry *e = &so->table[i];
        int probes = (i + LINEAR_PROBES <= mask) ? LINEAR_PROBES : 0;
        do {
            if (e->hash == 0 && !e->key) {
                if (!skipping) return 0;
                after = VAL_NULL; // the candidate is gone: start again
                goto restart;
            }
            if (skipping) {
                skipping = e->key != after;
            } else if (e->hash == hash) {
                Value startkey = e->key;
                if (startkey == key) {
                    *ep = e;
                    return 1;
                }
                if (obj_is_user(startkey) || obj_is_user(key)) {
                    *cand = startkey;
                    return 2;
                }
                SetEntry *table = so->table;
                int cmp = keys_equal(startkey, key);
                if (cmp < 0) return -1;
                if (table != so->table || e->key != startkey) goto restart;
                if (cmp > 0) {
                    *ep = e;
                    return 1;
                }
                mask = (uint64_t)so->mask;
            }
            e++;
        } while (probes--);
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
    }
}

// The entry holding key object [key] (identity) on the probe sequence of
// [hash], or NULL.
static SetEntry *set_locate(Set *so, Value key, int64_t hash) {
    uint64_t mask = (uint64_t)so->mask, perturb = (uint64_t)hash, i = (uint64_t)hash & mask;
    for (;;) {
        SetEntry *e = &so->table[i];
        int probes = (i + LINEAR_PROBES <= mask) ? LINEAR_PROBES : 0;
        do {
            if (e->hash == 0 && !e->key) return NULL;
            if (e->key == key) return e;
            e++;
        } while (probes--);
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
    }
}

// Add [key], known to be absent, where set_add_entry would put it.
static void set_insert_new(Set *so, Value key, int64_t hash) {
    uint64_t mask = (uint64_t)so->mask, perturb = (uint64_t)hash, i = (uint64_t)hash & mask;
    SetEntry *freeslot = NULL, *e;
    for (;;) {
        e = &so->table[i];
        int probes = (i + LINEAR_PROBES <= mask) ? LINEAR_PROBES : 0;
        do {
            if (e->hash == 0 && !e->key) goto found_unused;
            if (e->hash == -1 && e->key == SET_DUMMY) freeslot = e;
            e++;
        } while (probes--);
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
    }
found_unused:
    so->used++;
    if (freeslot) {
        freeslot->key = key;
        freeslot->hash = hash;
        return;
    }
    so->fill++;
    e->key = key;
    e->hash = hash;
    if ((uint64_t)so->fill * 5 >= mask * 3)
        set_table_resize(so, so->used > 50000 ? so->used * 2 : so->used * 4);
}

// The operations of vm.set_op (field op).
enum { SOP_CONTAINS, SOP_ADD, SOP_DISCARD, SOP_REMOVE, SOP_COUNT };

// Finish operation [op] once the key is found (entry e) or known absent
// (e NULL); [errkey] is named by KeyError.
static Value set_op_finish(Set *so, int op, Value key, int64_t hash, SetEntry *e, Value errkey) {
    switch (op) {
    case SOP_CONTAINS: return val_bool(e != NULL);
    case SOP_ADD:
        if (!e) set_insert_new(so, key, hash);
        return VAL_NONE;
    default: // SOP_DISCARD, SOP_REMOVE
        if (!e) return op == SOP_REMOVE ? err_key(errkey) : VAL_NONE;
        e->key = SET_DUMMY;
        e->hash = -1;
        so->used--;
        return VAL_NONE;
    }
}

// fields: set, key, op, hash (None: not computed yet), cand (the candidate
// key compared by the pending __eq__, or unset).
enum { SF_SET, SF_KEY, SF_OP, SF_HASH, SF_CAND };
enum { SL_ENTRY, SL_HASH, SL_EQ };

static HelperStatus set_op_step(Helper *h, Value in, Value *out) {
    Set *so = (Set *)F(SF_SET);
    Value key = F(SF_KEY), rec;
    SetEntry *e = NULL;
    int r;
    switch (h->label) {
    case SL_ENTRY:
        if (F(SF_HASH) != VAL_NONE) {
            // Made with the hash known, perhaps a candidate to compare first.
            if (F(SF_CAND)) goto compare;
            goto probe;
        }
        in = obj_start_hash(key, &rec);
        if (rec) return helper_sub(h, SL_HASH, rec);
        // fall through
    case SL_HASH:
        if (!in) return HS_RAISE;
        if (!val_is_int(in)) { // (vm.hash returns an int: only a forged record differs)
            err_format(&TypeErrorType, "__hash__ method should return an integer");
            return HS_RAISE;
        }
        F(SF_HASH) = in;
        F(SF_CAND) = VAL_NULL;
        goto probe;
    default: goto have_eq; // SL_EQ
    }
probe:
    r = set_probe(so, key, int_value(F(SF_HASH)), F(SF_CAND), &e, &rec);
    if (r < 0) return HS_RAISE;
    if (r < 2) goto done;
    F(SF_CAND) = rec;
compare:
    in = obj_start_eq(F(SF_CAND), key, &rec);
    if (rec) return helper_sub(h, SL_EQ, rec);
have_eq:
    if (!in) return HS_RAISE;
    if (in == VAL_TRUE) {
        e = set_locate(so, F(SF_CAND), int_value(F(SF_HASH)));
        if (e) goto done;
        F(SF_CAND) = VAL_NULL; // removed meanwhile: look again
    }
    goto probe;
done:
    *out = set_op_finish(so, (int)val_small(F(SF_OP)), key, int_value(F(SF_HASH)), e, key);
    return *out ? HS_RETURN : HS_RAISE;
}
// A set (a frozenset only to look up), a known operation, an int hash once
// computed; the candidate exists while its comparison is pending.
static bool set_op_validate(Helper *h) {
    int64_t op = val_small(F(SF_OP));
    if (op < 0 || op >= SOP_COUNT) return helper_field_error(h, SF_OP, "unknown operation");
    if (!val_is(F(SF_SET), &SetType) && !(op == SOP_CONTAINS && val_is(F(SF_SET), &FrozenSetType)))
        return helper_field_error(h, SF_SET, "expected a set, got %s", obj_type_name(F(SF_SET)));
    if (F(SF_HASH) != VAL_NONE && !val_is_int(F(SF_HASH)))
        return helper_field_error(h, SF_HASH, "expected an int or None");
    if (h->label == SL_EQ && (F(SF_HASH) == VAL_NONE || !F(SF_CAND)))
        return helper_field_error(h, F(SF_CAND) ? SF_HASH : SF_CAND, "unset while compared");
    return true;
}
HELPER_CHECKED(set_op_helper, "vm.set_op", set_op_step, set_op_validate,
               "set:v key:v op:i hash:v cand:V", "entry", "after_hash", "after_eq")

// Operation [op] on [so]: its result, or a vm.set_op record (*rec) when a
// __hash__ or __eq__ of Python code must run; VAL_NULL with an error.
static Value set_start_op(Set *so, int op, Value key, Value *rec) {
    *rec = VAL_NULL;
    int64_t hash = 0;
    SetEntry *e = NULL;
    Value cand = VAL_NULL, errkey = key;
    bool hashed = !obj_is_user(key) || !key->type->dunders[DUNDER_HASH] ||
                  key->type->dunders[DUNDER_HASH] == VAL_NONE;
    if (hashed) {
        if (op == SOP_ADD) {
            hash = container_hash(key);
            if (hash == -1 && err_occurred()) return VAL_NULL;
        } else if (!hash_key_or_frozen(&key, &hash)) {
            return VAL_NULL;
        }
        int r = set_probe(so, key, hash, VAL_NULL, &e, &cand);
        if (r < 0) return VAL_NULL;
        if (r < 2) return set_op_finish(so, op, key, hash, e, errkey);
    }
    Helper *h = helper_new(&set_op_helper);
    h->fields[SF_SET] = (Value)so;
    h->fields[SF_KEY] = key;
    h->fields[SF_OP] = val_from_small(op);
    h->fields[SF_HASH] = hashed ? int_from_i64(hash) : VAL_NONE;
    h->fields[SF_CAND] = cand;
    *rec = (Value)h;
    return VAL_NULL;
}

Value set_start_contains(Set *so, Value key, Value *rec) {
    return set_start_op(so, SOP_CONTAINS, key, rec);
}
Value set_start_add(Set *so, Value key, Value *rec) {
    return set_start_op(so, SOP_ADD, key, rec);
}

// set_start_op for a method: the result, or the record (a builtin may
// return it: the call continues as the record).
static Value set_method_op(Set *so, int op, Value key) {
    Value rec, r = set_start_op(so, op, key, &rec);
    return rec ? rec : r;
}

// ---- algebra ----------------------------------------------------------------------------------

Set *set_intersection_internal(Set *so, Value other) {
    if ((Value)so == other) return set_copy(so);
    Set *result = set_new(val_type((Value)so));
    if (is_anyset(other)) {
        Set *a = so, *b = (Set *)other;
        if (b->used > a->used) {
            Set *t = a;
            a = b;
            b = t;
        }
        int64_t pos = 0;
        while (pos <= b->mask) {
            SetEntry *e = &b->table[pos++];
            if (!e->key || e->key == SET_DUMMY) continue;
            Value key = e->key;
            int64_t hash = e->hash;
            int rv = set_contains_entry(a, key, hash);
            if (rv < 0) return NULL;
            if (rv && set_add_entry(result, key, hash) < 0) return NULL;
        }
        return result;
    }
    Value it = obj_iter(other);
    if (!it) return NULL;
    for (;;) {
        Value key = obj_next(it);
        if (key == ITER_DONE) break;
        if (!key) return NULL;
        int64_t hash = container_hash(key);
        if (hash == -1 && err_occurred()) return NULL;
        int rv = set_contains_entry(so, key, hash);
        if (rv < 0) return NULL;
        if (rv) {
            if (set_add_entry(result, key, hash) < 0) return NULL;
            if (result->used >= so->used) break;
        }
    }
    return result;
}

// Swap the tables of [a] and [b] (intersection_update); the pop finger of
// a mutable set stays.
static void set_swap_bodies(Set *a, Set *b) {
    int64_t t;
    t = a->used, a->used = b->used, b->used = t;
    t = a->fill, a->fill = b->fill, b->fill = t;
    t = a->mask, a->mask = b->mask, b->mask = t;
    SetEntry *tt = a->table;
    a->table = b->table;
    b->table = tt;
}

int set_difference_update_internal(Set *so, Value other) {
    if ((Value)so == other) {
        set_clear_internal(so);
        return 0;
    }
    if (is_anyset(other)) {
        Set *o = (Set *)other;
        if ((o->used >> 3) > so->used) {
            o = set_intersection_internal(so, other);
            if (!o) return -1;
        }
        for (int64_t pos = 0; pos <= o->mask; pos++) {
            SetEntry *e = &o->table[pos];
            if (!e->key || e->key == SET_DUMMY) continue;
            if (set_discard_entry(so, e->key, e->hash) < 0) return -1;
        }
    } else {
        Value it = obj_iter(other);
        if (!it) return -1;
        for (;;) {
            Value key = obj_next(it);
            if (key == ITER_DONE) break;
            if (!key || set_discard(so, key) < 0) return -1;
        }
    }
    if ((uint64_t)(so->fill - so->used) <= (uint64_t)so->mask / 4) return 0;
    set_table_resize(so, so->used > 50000 ? so->used * 2 : so->used * 4);
    return 0;
}

static Set *set_copy_and_difference(Set *so, Value other) {
    Set *result = set_copy(so);
    if (!result || set_difference_update_internal(result, other) < 0) return NULL;
    return result;
}

static Set *set_difference(Set *so, Value other) {
    int64_t other_size;
    if (is_anyset(other))
        other_size = ((Set *)other)->used;
    else if (val_is(other, &DictType))
        other_size = ((Dict *)other)->used;
    else
        return set_copy_and_difference(so, other);
    if ((so->used >> 2) > other_size) return set_copy_and_difference(so, other);
    Set *result = set_new(val_type((Value)so));
    for (int64_t pos = 0; pos <= so->mask; pos++) {
        SetEntry *e = &so->table[pos];
        if (!e->key || e->key == SET_DUMMY) continue;
        Value key = e->key;
        int64_t hash = e->hash;
        int rv;
        if (val_is(other, &DictType)) {
            Value unused;
            rv = dict_lookup((Dict *)other, key, &unused);
        } else {
            rv = set_contains_entry((Set *)other, key, hash);
        }
        if (rv < 0) return NULL;
        if (!rv && set_add_entry(result, key, hash) < 0) return NULL;
    }
    return result;
}

int set_symmetric_difference_update_internal(Set *so, Value other) {
    if ((Value)so == other) {
        set_clear_internal(so);
        return 0;
    }
    if (val_is(other, &DictType)) {
        Dict *d = (Dict *)other;
        for (int64_t i = 0; i < d->nentries; i++) {
            DictEntry *e = &d->entries[i];
            if (!e->key) continue;
            int rv = set_discard_entry(so, e->key, e->hash);
            if (rv < 0) return -1;
            if (rv == 0 && set_add_entry(so, e->key, e->hash) < 0) return -1;
        }
        return 0;
    }
    Set *o;
    if (is_anyset(other)) {
        o = (Set *)other;
    } else {
        o = make_new_set(val_type((Value)so), other);
        if (!o) return -1;
    }
    for (int64_t pos = 0; pos <= o->mask; pos++) {
        SetEntry *e = &o->table[pos];
        if (!e->key || e->key == SET_DUMMY) continue;
        Value key = e->key;
        int64_t hash = e->hash;
        int rv = set_discard_entry(so, key, hash);
        if (rv < 0) return -1;
        if (rv == 0 && set_add_entry(so, key, hash) < 0) return -1;
    }
    return 0;
}

static Set *set_symmetric_difference(Set *so, Value other) {
    Set *o = make_new_set(val_type((Value)so), other);
    if (!o) return NULL;
    if (set_symmetric_difference_update_internal(o, (Value)so) < 0) return NULL;
    return o;
}

// 1 subset, 0 not, -1 error.
static int set_issubset(Set *so, Value other) {
    if (!is_anyset(other)) {
        Set *tmp = set_intersection_internal(so, other);
        if (!tmp) return -1;
        return tmp->used == so->used;
    }
    Set *o = (Set *)other;
    if (so->used > o->used) return 0;
    for (int64_t pos = 0; pos <= so->mask; pos++) {
        SetEntry *e = &so->table[pos];
        if (!e->key || e->key == SET_DUMMY) continue;
        int rv = set_contains_entry(o, e->key, e->hash);
        if (rv <= 0) return rv;
    }
    return 1;
}

static int set_issuperset(Set *so, Value other) {
    if (is_anyset(other)) return set_issubset((Set *)other, (Value)so);
    Value it = obj_iter(other);
    if (!it) return -1;
    for (;;) {
        Value key = obj_next(it);
        if (key == ITER_DONE) return 1;
        if (!key) return -1;
        int rv = set_contains(so, key);
        if (rv <= 0) return rv;
    }
}

static int set_isdisjoint(Set *so, Value other) {
    if ((Value)so == other) return so->used == 0;
    if (is_anyset(other)) {
        Set *a = so, *b = (Set *)other;
        if (b->used > a->used) {
            Set *t = a;
            a = b;
            b = t;
        }
        for (int64_t pos = 0; pos <= b->mask; pos++) {
            SetEntry *e = &b->table[pos];
            if (!e->key || e->key == SET_DUMMY) continue;
            int rv = set_contains_entry(a, e->key, e->hash);
            if (rv < 0) return -1;
            if (rv) return 0;
        }
        return 1;
    }
    Value it = obj_iter(other);
    if (!it) return -1;
    for (;;) {
        Value key = obj_next(it);
        if (key == ITER_DONE) return 1;
        if (!key) return -1;
        int rv = set_contains(so, key);
        if (rv < 0) return -1;
        if (rv) return 0;
    }
}

// ---- slots
// ----------------------------------------------------------------------------------------

static Value set_tp_new(Type *t, Value *args, int nargs, Tuple *kwnames) {
    const char *name = t == &FrozenSetType ? "frozenset" : "set";
    if (kw_count(kwnames))
        return err_format(&TypeErrorType, "%s() takes no keyword arguments", name);
    if (nargs > 1)
        return err_format(&TypeErrorType, "%s expected at most 1 argument, got %d", name, nargs);
    if (t == &FrozenSetType && nargs == 1 && val_is(args[0], &FrozenSetType)) return args[0];
    return (Value)make_new_set(t, nargs ? args[0] : VAL_NULL);
}

static Value set_repr(Value self) {
    Set *so = (Set *)self;
    const char *tname = val_type(self)->name;
    if (so->used == 0) return (Value)str_printf("%s()", tname);
    if (containers_repr_enter(self)) return (Value)str_printf("%s(...)", tname);
    StrBuf b;
    strbuf_init(&b);
    bool frozen = is_frozen(so);
    if (frozen) strbuf_printf(&b, "%s(", tname);
    strbuf_putc(&b, '{');
    List *keys = list_new(so->used);
    int64_t pos = 0;
    Value k;
    while (set_next(so, &pos, &k)) list_append(keys, k);
    for (int64_t i = 0; i < keys->len; i++) {
        if (i) strbuf_puts(&b, ", ");
        Str *r = obj_repr(keys->items[i]);
        if (!r) {
            containers_repr_leave(self);
            return VAL_NULL;
        }
        strbuf_putstr(&b, r);
    }
    strbuf_putc(&b, '}');
    if (frozen) strbuf_putc(&b, ')');
    containers_repr_leave(self);
    return (Value)strbuf_finish(&b);
}

static uint64_t shuffle_bits(uint64_t h) {
    return ((h ^ UINT64_C(89869747)) ^ (h << 16)) * UINT64_C(3644798167);
}

static int64_t frozenset_hash(Value self) {
    Set *so = (Set *)self;
    if (so->hash != -1) return so->hash;
    uint64_t hash = 0;
    for (int64_t i = 0; i <= so->mask; i++) hash ^= shuffle_bits((uint64_t)so->table[i].hash);
    if ((so->mask + 1 - so->fill) & 1) hash ^= shuffle_bits(0);
    if ((so->fill - so->used) & 1) hash ^= shuffle_bits((uint64_t)-1);
    hash ^= ((uint64_t)so->used + 1) * UINT64_C(1927868237);
    hash ^= (hash >> 11) ^ (hash >> 25);
    hash = hash * UINT64_C(69069) + UINT64_C(907133923);
    if (hash == (uint64_t)-1) hash = UINT64_C(590923713);
    so->hash = (int64_t)hash;
    return (int64_t)hash;
}

static Value set_compare(Value a, Value b, CmpOp op) {
    if (!is_anyset(a) || !is_anyset(b)) return VAL_NOTIMPL;
    Set *v = (Set *)a, *w = (Set *)b;
    int r;
    switch (op) {
    case CMP_EQ:
    case CMP_NE:
        if (v->used != w->used) {
            r = 0;
        } else if (is_frozen(v) && is_frozen(w) && v->hash != -1 && w->hash != -1 &&
                   v->hash != w->hash) {
            r = 0;
        } else {
            r = set_issubset(v, b);
        }
        if (r < 0) return VAL_NULL;
        return val_bool(op == CMP_EQ ? r : !r);
    case CMP_LE: r = set_issubset(v, b); break;
    case CMP_GE: r = set_issuperset(v, b); break;
    case CMP_LT: r = v->used >= w->used ? 0 : set_issubset(v, b); break;
    case CMP_GT: r = v->used <= w->used ? 0 : set_issuperset(v, b); break;
    default: return VAL_NOTIMPL;
    }
    if (r < 0) return VAL_NULL;
    return val_bool(r);
}

static Value set_binop(BinOp op, Value a, Value b) {
    if (op >= BINOP_INPLACE) {
        BinOp base = op - BINOP_INPLACE;
        if (val_is(a, &SetType) &&
            (base == BINOP_OR || base == BINOP_AND || base == BINOP_SUB || base == BINOP_XOR)) {
            if (!is_anyset(b)) return VAL_NOTIMPL;
            Set *so = (Set *)a;
            int r = 0;
            switch (base) {
            case BINOP_OR: r = set_update_internal(so, b); break;
            case BINOP_SUB: r = set_difference_update_internal(so, b); break;
            case BINOP_XOR: r = set_symmetric_difference_update_internal(so, b); break;
            default: {
                Set *tmp = set_intersection_internal(so, b);
                if (!tmp) return VAL_NULL;
                set_swap_bodies(so, tmp);
                break;
            }
            }
            return r < 0 ? VAL_NULL : a;
        }
        op = base;
    }
    if (!is_anyset(a) || !is_anyset(b)) return VAL_NOTIMPL;
    Set *so = (Set *)a;
    Set *res;
    switch (op) {
    case BINOP_OR:
        res = set_copy(so);
        if (res && a != b && set_update_internal(res, b) < 0) return VAL_NULL;
        break;
    case BINOP_AND: res = set_intersection_internal(so, b); break;
    case BINOP_SUB: res = set_difference(so, b); break;
    case BINOP_XOR: res = set_symmetric_difference(so, b); break;
    default: return VAL_NOTIMPL;
    }
    return res ? (Value)res : VAL_NULL;
}

static int set_bool(Value self) {
    return ((Set *)self)->used != 0;
}
static int64_t set_len(Value self) {
    return ((Set *)self)->used;
}

static Value set_iter(Value self) {
    Set *so = (Set *)self;
    SetIter *it = (SetIter *)obj_alloc(&SetIterType, sizeof(SetIter));
    it->set = so;
    it->used = so->used;
    it->pos = 0;
    it->remaining = so->used;
    return (Value)it;
}

static int set_tp_contains(Value self, Value key) {
    int64_t h;
    if (!hash_key_or_frozen(&key, &h)) return -1;
    return set_contains_entry((Set *)self, key, h);
}

// ---- methods
// ---------------------------------------------------------------------------------------

// "set.add" / "frozenset.union" style names for messages.
static const char *qual(Value self, const char *m, char *buf, size_t n) {
    snprintf(buf, n, "%s.%s", val_type(self)->name, m);
    return buf;
}

#define QUAL(m) qual(args[0], m, qbuf, sizeof qbuf)

static Value set_m_add(Value *args, int nargs, Tuple *kwnames) {
    if (!check_onearg("set.add", nargs, kwnames)) return VAL_NULL;
    return set_method_op((Set *)args[0], SOP_ADD, args[1]);
}

static Value set_m_remove(Value *args, int nargs, Tuple *kwnames) {
    if (!check_onearg("set.remove", nargs, kwnames)) return VAL_NULL;
    return set_method_op((Set *)args[0], SOP_REMOVE, args[1]);
}

static Value set_m_discard(Value *args, int nargs, Tuple *kwnames) {
    if (!check_onearg("set.discard", nargs, kwnames)) return VAL_NULL;
    return set_method_op((Set *)args[0], SOP_DISCARD, args[1]);
}

static Value set_m_pop(Value *args, int nargs, Tuple *kwnames) {
    if (!check_noargs("set.pop", nargs, kwnames)) return VAL_NULL;
    Set *so = (Set *)args[0];
    if (so->used == 0)
        return err_raise_args(&KeyErrorType,
                              tuple_pack(1, (Value)str_from_cstr("pop from an empty set")));
    int64_t i = so->hash & so->mask;
    while (!so->table[i].key || so->table[i].key == SET_DUMMY) {
        i++;
        if (i > so->mask) i = 0;
    }
    Value key = so->table[i].key;
    so->table[i].key = SET_DUMMY;
    so->table[i].hash = -1;
    so->used--;
    so->hash = i + 1;
    return key;
}

static Value set_m_clear(Value *args, int nargs, Tuple *kwnames) {
    if (!check_noargs("set.clear", nargs, kwnames)) return VAL_NULL;
    set_clear_internal((Set *)args[0]);
    return VAL_NONE;
}

static Value set_m_copy(Value *args, int nargs, Tuple *kwnames) {
    char qbuf[64];
    if (!check_noargs(QUAL("copy"), nargs, kwnames)) return VAL_NULL;
    if (val_is(args[0], &FrozenSetType)) return args[0];
    return (Value)set_copy((Set *)args[0]);
}

// Methods taking any number of iterables.
static bool check_varargs(const char *qname, Tuple *kwnames) {
    if (kw_count(kwnames)) {
        err_format(&TypeErrorType, "%s() takes no keyword arguments", qname);
        return false;
    }
    return true;
}

static Value set_m_update(Value *args, int nargs, Tuple *kwnames) {
    if (!check_varargs("set.update", kwnames)) return VAL_NULL;
    for (int i = 1; i < nargs; i++)
        if (set_update_internal((Set *)args[0], args[i]) < 0) return VAL_NULL;
    return VAL_NONE;
}

static Value set_m_union(Value *args, int nargs, Tuple *kwnames) {
    char qbuf[64];
    if (!check_varargs(QUAL("union"), kwnames)) return VAL_NULL;
    Set *so = (Set *)args[0];
    Set *result = set_copy(so);
    if (!result) return VAL_NULL;
    for (int i = 1; i < nargs; i++) {
        if (args[i] == args[0]) continue;
        if (set_update_internal(result, args[i]) < 0) return VAL_NULL;
    }
    return (Value)result;
}

static Value set_m_intersection(Value *args, int nargs, Tuple *kwnames) {
    char qbuf[64];
    if (!check_varargs(QUAL("intersection"), kwnames)) return VAL_NULL;
    if (nargs == 1) return (Value)set_copy((Set *)args[0]);
    Set *result = (Set *)args[0];
    for (int i = 1; i < nargs; i++) {
        result = set_intersection_internal(result, args[i]);
        if (!result) return VAL_NULL;
    }
    return (Value)result;
}

static Value set_m_intersection_update(Value *args, int nargs, Tuple *kwnames) {
    if (!check_varargs("set.intersection_update", kwnames)) return VAL_NULL;
    Value r = set_m_intersection(args, nargs, NULL);
    if (!r) return VAL_NULL;
    set_swap_bodies((Set *)args[0], (Set *)r);
    return VAL_NONE;
}

static Value set_m_difference(Value *args, int nargs, Tuple *kwnames) {
    char qbuf[64];
    if (!check_varargs(QUAL("difference"), kwnames)) return VAL_NULL;
    Set *so = (Set *)args[0];
    if (nargs == 1) return (Value)set_copy(so);
    Set *result = set_difference(so, args[1]);
    if (!result) return VAL_NULL;
    for (int i = 2; i < nargs; i++)
        if (set_difference_update_internal(result, args[i]) < 0) return VAL_NULL;
    return (Value)result;
}

static Value set_m_difference_update(Value *args, int nargs, Tuple *kwnames) {
    if (!check_varargs("set.difference_update", kwnames)) return VAL_NULL;
    for (int i = 1; i < nargs; i++)
        if (set_difference_update_internal((Set *)args[0], args[i]) < 0) return VAL_NULL;
    return VAL_NONE;
}

static Value set_m_symmetric_difference(Value *args, int nargs, Tuple *kwnames) {
    char qbuf[64];
    if (!check_onearg(QUAL("symmetric_difference"), nargs, kwnames)) return VAL_NULL;
    Set *r = set_symmetric_difference((Set *)args[0], args[1]);
    return r ? (Value)r : VAL_NULL;
}

static Value set_m_symmetric_difference_update(Value *args, int nargs, Tuple *kwnames) {
    if (!check_onearg("set.symmetric_difference_update", nargs, kwnames)) return VAL_NULL;
    if (set_symmetric_difference_update_internal((Set *)args[0], args[1]) < 0) return VAL_NULL;
    return VAL_NONE;
}

static Value set_m_issubset(Value *args, int nargs, Tuple *kwnames) {
    char qbuf[64];
    if (!check_onearg(QUAL("issubset"), nargs, kwnames)) return VAL_NULL;
    int r = set_issubset((Set *)args[0], args[1]);
    return r < 0 ? VAL_NULL : val_bool(r);
}

static Value set_m_issuperset(Value *args, int nargs, Tuple *kwnames) {
    char qbuf[64];
    if (!check_onearg(QUAL("issuperset"), nargs, kwnames)) return VAL_NULL;
    int r = set_issuperset((Set *)args[0], args[1]);
    return r < 0 ? VAL_NULL : val_bool(r);
}

static Value set_m_isdisjoint(Value *args, int nargs, Tuple *kwnames) {
    char qbuf[64];
    if (!check_onearg(QUAL("isdisjoint"), nargs, kwnames)) return VAL_NULL;
    int r = set_isdisjoint((Set *)args[0], args[1]);
    return r < 0 ? VAL_NULL : val_bool(r);
}

static Value set_m_contains(Value *args, int nargs, Tuple *kwnames) {
    char qbuf[64];
    if (!check_onearg(QUAL("__contains__"), nargs, kwnames)) return VAL_NULL;
    return set_method_op((Set *)args[0], SOP_CONTAINS, args[1]);
}

static const MethodDef set_methods[] = {
    {"add", set_m_add, 0, NULL},
    {"remove", set_m_remove, 0, NULL},
    {"discard", set_m_discard, 0, NULL},
    {"pop", set_m_pop, 0, NULL},
    {"clear", set_m_clear, 0, NULL},
    {"copy", set_m_copy, 0, NULL},
    {"update", set_m_update, 0, NULL},
    {"union", set_m_union, 0, NULL},
    {"intersection", set_m_intersection, 0, NULL},
    {"intersection_update", set_m_intersection_update, 0, NULL},
    {"difference", set_m_difference, 0, NULL},
    {"difference_update", set_m_difference_update, 0, NULL},
    {"symmetric_difference", set_m_symmetric_difference, 0, NULL},
    {"symmetric_difference_update", set_m_symmetric_difference_update, 0, NULL},
    {"issubset", set_m_issubset, 0, NULL},
    {"issuperset", set_m_issuperset, 0, NULL},
    {"isdisjoint", set_m_isdisjoint, 0, NULL},
    {"__contains__", set_m_contains, 0, NULL},
    {NULL, NULL, 0, NULL},
};

static const MethodDef frozenset_methods[] = {
    {"copy", set_m_copy, 0, NULL},
    {"union", set_m_union, 0, NULL},
    {"intersection", set_m_intersection, 0, NULL},
    {"difference", set_m_difference, 0, NULL},
    {"symmetric_difference", set_m_symmetric_difference, 0, NULL},
    {"issubset", set_m_issubset, 0, NULL},
    {"issuperset", set_m_issuperset, 0, NULL},
    {"isdisjoint", set_m_isdisjoint, 0, NULL},
    {"__contains__", set_m_contains, 0, NULL},
    {NULL, NULL, 0, NULL},
};

Type SetType = {
    .obj = {&TypeType},
    .name = "set",
    .flags = TF_BASETYPE,
    .inst_size = sizeof(Set),
    .tp_new = set_tp_new,
    .tp_repr = set_repr,
    .tp_compare = set_compare,
    .tp_binop = set_binop,
    .tp_bool = set_bool,
    .tp_len = set_len,
    .tp_iter = set_iter,
    .tp_contains = set_tp_contains,
};

Type FrozenSetType = {
    .obj = {&TypeType},
    .name = "frozenset",
    .flags = TF_BASETYPE,
    .inst_size = sizeof(Set),
    .tp_new = set_tp_new,
    .tp_repr = set_repr,
    .tp_hash = frozenset_hash,
    .tp_compare = set_compare,
    .tp_binop = set_binop,
    .tp_bool = set_bool,
    .tp_len = set_len,
    .tp_iter = set_iter,
    .tp_contains = set_tp_contains,
};

// ---- set_iterator
// -----------------------------------------------------------------------------------

static Value setiter_next(Value self) {
    SetIter *it = (SetIter *)self;
    Set *so = it->set;
    if (!so) return ITER_DONE;
    if (it->used != so->used) {
        it->used = -1;
        return err_format(&RuntimeErrorType, "Set changed size during iteration");
    }
    int64_t i = it->pos;
    SetEntry *t = so->table;
    while (i <= so->mask && (!t[i].key || t[i].key == SET_DUMMY)) i++;
    it->pos = i + 1;
    if (i > so->mask) {
        it->set = NULL;
        return ITER_DONE;
    }
    it->remaining--;
    return t[i].key;
}

static Value setiter_length_hint(Value *args, int nargs, Tuple *kwnames) {
    SetIter *it = (SetIter *)args[0];
    int64_t n = it->set && it->used == it->set->used ? it->remaining : 0;
    return int_from_i64(n);
}

static const MethodDef setiter_methods[] = {
    {"__length_hint__", setiter_length_hint, 0, NULL},
    {NULL, NULL, 0, NULL},
};

Type SetIterType = {
    .obj = {&TypeType},
    .name = "set_iterator",
    .flags = TF_ABSTRACT,
    .inst_size = sizeof(SetIter),
    .tp_iter = containers_iter_self,
    .tp_next = setiter_next,
};

void set_init(void) {
    type_add_methods(&SetType, set_methods);
    type_add_methods(&FrozenSetType, frozenset_methods);
    type_add_methods(&SetIterType, setiter_methods);
    helper_register(&set_op_helper);
}
