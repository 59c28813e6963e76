// dict.c — the compact insertion-ordered dict (index table + dense entry
// array, as CPython 3.6+), its key/value/item views, forward and reversed
// iterators, and containers_init(). dict_get_str is the VM's hot path for
// globals and attributes. Lookups whose __hash__/__eq__ are Python code
// continue as vm.dict_op records (helper.h).
#include "containers_impl.h"
#include "helper.h"
#include "iterobj.h"

#include <string.h>

#define DKIX_EMPTY (-1)
#define DKIX_DUMMY (-2)
#define PERTURB_SHIFT 5
#define DICT_MINSIZE 8

// ---- table ----------------------------------------------------------------------------

// Index slot for a new entry with [hash] (empty or dummy slots).
static uint64_t find_empty_slot(Dict *d, int64_t hash) {
    uint64_t mask = (uint64_t)d->nslots - 1, i = (uint64_t)hash & mask, perturb = (uint64_t)hash;
    while (d->index[i] >= 0) {
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + perturb + 1) & mask;
    }
    return i;
}

// Allocate the index table and the entry array. Small tables share one
// block (index first) so that a lookup touches adjacent cache lines; large
// ones keep the index pointer-free so that the collector skips it.
static void alloc_table(Dict *d, int64_t nslots, int64_t cap) {
    size_t isize = (size_t)nslots * sizeof(int64_t), esize = (size_t)cap * sizeof(DictEntry);
    if (nslots <= 256) {
        char *block = gc_alloc(isize + esize);
        d->index = (int64_t *)block;
        d->entries = (DictEntry *)(block + isize);
    } else {
        d->index = gc_alloc_atomic(isize);
        d->entries = gc_alloc(esize);
    }
}

// Rebuild with an index table of the smallest power of two >= [minsize],
// compacting away deleted entries.
static void dict_resize(Dict *d, int64_t minsize) {
    int64_t nslots = DICT_MINSIZE;
    while (nslots < minsize) nslots <<= 1;
    int64_t cap = (nslots << 1) / 3;
    DictEntry *old = d->entries;
    int64_t oldn = d->nentries;
    alloc_table(d, nslots, cap);
    memset(d->index, 0xff, (size_t)nslots * sizeof(int64_t)); // all DKIX_EMPTY
    d->nslots = nslots;
    d->capacity = cap;
    int64_t n = 0;
    for (int64_t k = 0; k < oldn; k++) {
        if (!old[k].key) continue;
        d->entries[n] = old[k];
        d->index[find_empty_slot(d, old[k].hash)] = n;
        n++;
    }
    d->nentries = n;
}

// Find [key]: 1 found (*ixp entry, *slotp index slot), 0 absent, -1 error.
static int dict_find(Dict *d, Value key, int64_t hash, int64_t *ixp, uint64_t *slotp) {
restart:
    if (d->nslots == 0) return 0;
    uint64_t mask = (uint64_t)d->nslots - 1, i = (uint64_t)hash & mask, perturb = (uint64_t)hash;
    bool kstr = !val_is_small(key) && key->type == &StrType;
    for (;;) {
        int64_t ix = d->index[i];
        if (ix == DKIX_EMPTY) return 0;
        if (ix >= 0) {
            DictEntry *e = &d->entries[ix];
            Value ek = e->key;
            if (ek == key) goto found;
            if (e->hash == hash) {
                if (kstr && !val_is_small(ek) && ek->type == &StrType) {
                    if (str_eq((Str *)ek, (Str *)key)) goto found;
                } else if (!(val_is_small(ek) && val_is_small(key))) {
                    DictEntry *entries = d->entries;
                    int r = obj_eq(ek, key);
                    if (r < 0) return -1;
                    if (d->entries != entries || d->nslots == 0 || d->entries[ix].key != ek)
                        goto restart;
                    if (r) goto found;
                }
            }
        }
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + perturb + 1) & mask;
        continue;
    found:
        *ixp = ix;
        *slotp = i;
        return 1;
    }
}

Dict *dict_new(void) {
    return (Dict *)obj_alloc(&DictType, sizeof(Dict));
}

// ---- lookups whose __hash__ / __eq__ are Python code (helper protocol) -------------------
//
// dict_find compares keys with obj_eq, which runs a user __eq__ nested. The
// helper vm.dict_op below runs it as a request instead: dict_probe stops at
// a candidate entry whose comparison needs Python code, the helper asks for
// it, and the probe resumes after that candidate. The probe position is
// not stored (a pickle rebuilds the table, compacted): it resumes by
// walking the probe sequence again up to the entry holding the candidate
// key (each key object is in a dict once); if no entry holds it any more
// (the dict changed during __eq__) the lookup restarts, as CPython does.

// True if comparing keys [a] and [b] may run Python code.
static inline bool keys_need_python(Value a, Value b) {
    return obj_is_user(a) || obj_is_user(b);
}

// As dict_find, without running Python code: 2 when the entry holding
// *cand needs a Python __eq__ (compared first; the caller asks and probes
// again with after = *cand). With [after] set, entries up to the one
// holding key [after] are skipped.
static inline __attribute__((always_inline)) int dict_probe(Dict *d, Value key, int64_t hash,
                                                            Value after, int64_t *ixp,
                                                            uint64_t *slotp, Value *cand) {
restart:
    if (d->nslots == 0) return 0;
    uint64_t mask = (uint64_t)d->nslots - 1, i = (uint64_t)hash & mask, perturb = (uint64_t)hash;
    bool skipping = after != VAL_NULL;
    bool kstr = !val_is_small(key) && key->type == &StrType;
    for (;;) {
        int64_t ix = d->index[i];
        if (ix == DKIX_EMPTY) {
            if (!skipping) return 0;
            after = VAL_NULL; // the candidate is gone: start again
            goto restart;
        }
        if (ix >= 0) {
            DictEntry *e = &d->entries[ix];
            Value ek = e->key;
            if (skipping) {
                skipping = ek != after;
            } else if (ek == key) {
                *ixp = ix;
                *slotp = i;
                return 1;
            } else if (e->hash == hash && !(val_is_small(ek) && val_is_small(key))) {
                if (kstr && !val_is_small(ek) && ek->type == &StrType) {
                    if (str_eq((Str *)ek, (Str *)key)) {
                        *ixp = ix;
                        *slotp = i;
                        return 1;
                    }
                    goto next;
                }
                if (keys_need_python(ek, key)) {
                    *cand = ek;
                    return 2;
                }
                DictEntry *entries = d->entries;
                int r = obj_eq(ek, key);
                if (r < 0) return -1;
                if (d->entries != entries || d->nslots == 0 || d->entries[ix].key != ek)
                    goto restart;
                if (r) {
                    *ixp = ix;
                    *slotp = i;
                    return 1;
                }
            }
        }
    next:
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + perturb + 1) & mask;
    }
}

// The entry holding key object [key] (identity) on the probe sequence of
// [hash]: 1 (*ixp, *slotp) or 0.
static int dict_locate(Dict *d, Value key, int64_t hash, int64_t *ixp, uint64_t *slotp) {
    if (d->nslots == 0) return 0;
    uint64_t mask = (uint64_t)d->nslots - 1, i = (uint64_t)hash & mask, perturb = (uint64_t)hash;
    for (;;) {
        int64_t ix = d->index[i];
        if (ix == DKIX_EMPTY) return 0;
        if (ix >= 0 && d->entries[ix].key == key) {
            *ixp = ix;
            *slotp = i;
            return 1;
        }
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + perturb + 1) & mask;
    }
}

static void dict_remove_at(Dict *d, int64_t ix, uint64_t slot);

// The operations of vm.dict_op (field op).
enum {
    DOP_GETITEM,    // d[k]
    DOP_GET,        // d.get(k, value)
    DOP_CONTAINS,   // k in d
    DOP_SETITEM,    // d[k] = value
    DOP_DELITEM,    // del d[k]
    DOP_POP,        // d.pop(k[, value])
    DOP_SETDEFAULT, // d.setdefault(k, value)
    DOP_COUNT
};

// Finish operation [op] once [key] is found (r == 1, entry ix at slot)
// or known absent (r == 0).
static inline Value dict_op_finish(Dict *d, int op, Value key, int64_t hash, Value value, int r,
                                   int64_t ix, uint64_t slot) {
    switch (op) {
    case DOP_GETITEM: return r ? d->entries[ix].value : err_key(key);
    case DOP_GET: return r ? d->entries[ix].value : value;
    case DOP_CONTAINS: return val_bool(r);
    case DOP_SETITEM:
        if (r) {
            d->entries[ix].value = value;
            d->version++;
        } else {
            dict_append_hashed(d, key, hash, value);
        }
        return VAL_NONE;
    case DOP_DELITEM:
        if (!r) return err_key(key);
        dict_remove_at(d, ix, slot);
        return VAL_NONE;
    case DOP_POP: {
        if (!r) return value ? value : err_key(key);
        Value v = d->entries[ix].value;
        dict_remove_at(d, ix, slot);
        return v;
    }
    default: // DOP_SETDEFAULT
        if (r) return d->entries[ix].value;
        dict_append_hashed(d, key, hash, value);
        return value;
    }
}

// fields: dict, key, op, value (unset: none), hash (None: not computed yet),
// cand (the candidate key compared by the pending __eq__, or unset).
enum { DF_DICT, DF_KEY, DF_OP, DF_VALUE, DF_HASH, DF_CAND };
enum { DL_ENTRY, DL_HASH, DL_EQ };

static HelperStatus dict_op_step(Helper *h, Value in, Value *out) {
    Dict *d = (Dict *)F(DF_DICT);
    Value key = F(DF_KEY), rec;
    int64_t ix = 0;
    uint64_t slot = 0;
    int r;
    switch (h->label) {
    case DL_ENTRY:
        if (F(DF_HASH) != VAL_NONE) {
            // Made with the hash known, perhaps a candidate to compare first.
            if (F(DF_CAND)) goto compare;
            goto probe;
        }
        in = obj_start_hash(key, &rec);
        if (rec) return helper_sub(h, DL_HASH, rec);
        // fall through
    case DL_HASH:
        if (!in) return HS_RAISE;
        if (!val_is_int(in)) { // (vm.hash returns an int: only a forged record differs)
            err_format(&TypeErrorType, "__hash__ method should return an integer");
            return HS_RAISE;
        }
        F(DF_HASH) = in;
        F(DF_CAND) = VAL_NULL;
        goto probe;
    default: goto have_eq; // DL_EQ
    }
probe:
    r = dict_probe(d, key, int_value(F(DF_HASH)), F(DF_CAND), &ix, &slot, &rec);
    if (r < 0) return HS_RAISE;
    if (r < 2) goto done;
    F(DF_CAND) = rec;
compare:
    in = obj_start_eq(F(DF_CAND), key, &rec);
    if (rec) return helper_sub(h, DL_EQ, rec);
have_eq:
    if (!in) return HS_RAISE;
    if (in == VAL_TRUE) {
        if (dict_locate(d, F(DF_CAND), int_value(F(DF_HASH)), &ix, &slot)) {
            r = 1;
            goto done;
        }
        F(DF_CAND) = VAL_NULL; // removed meanwhile: look again
    }
    goto probe;
done:
    *out = dict_op_finish(d, (int)val_small(F(DF_OP)), key, int_value(F(DF_HASH)), F(DF_VALUE), r,
                          ix, slot);
    return *out ? HS_RETURN : HS_RAISE;
}
// A dict (or subclass), a known operation with its value, an int hash once
// computed; the candidate exists while its comparison is pending.
static bool dict_op_validate(Helper *h) {
    if (!val_isinstance(F(DF_DICT), &DictType))
        return helper_field_error(h, DF_DICT, "expected a dict, got %s", obj_type_name(F(DF_DICT)));
    int64_t op = val_small(F(DF_OP));
    if (op < 0 || op >= DOP_COUNT) return helper_field_error(h, DF_OP, "unknown operation");
    if ((op == DOP_SETITEM || op == DOP_SETDEFAULT || op == DOP_GET) && !F(DF_VALUE))
        return helper_field_error(h, DF_VALUE, "unset for this operation");
    if (F(DF_HASH) != VAL_NONE && !val_is_int(F(DF_HASH)))
        return helper_field_error(h, DF_HASH, "expected an int or None");
    if (h->label != DL_ENTRY && h->label != DL_HASH && F(DF_HASH) == VAL_NONE)
        return helper_field_error(h, DF_HASH, "not computed");
    if (h->label == DL_EQ && !F(DF_CAND))
        return helper_field_error(h, DF_CAND, "unset while compared");
    return true;
}
HELPER_CHECKED(dict_op_helper, "vm.dict_op", dict_op_step, dict_op_validate,
               "dict:v key:v op:i value:V hash:v cand:V", "entry", "after_hash", "after_eq")

// A vm.dict_op record for operation [op] (hash: an int or None, cand: the
// candidate to compare first or unset); VAL_NULL with *rec set.
static __attribute__((noinline)) Value dict_op_record(Dict *d, int op, Value key, Value value,
                                                      Value hash, Value cand, Value *rec) {
    Helper *h = helper_new(&dict_op_helper);
    h->fields[DF_DICT] = (Value)d;
    h->fields[DF_KEY] = key;
    h->fields[DF_OP] = val_from_small(op);
    h->fields[DF_VALUE] = value;
    h->fields[DF_HASH] = hash;
    h->fields[DF_CAND] = cand;
    *rec = (Value)h;
    return VAL_NULL;
}

// Operation [op] on [d]: its result, or a vm.dict_op record (*rec) when a
// __hash__ or __eq__ of Python code must run; VAL_NULL with an error.
// (Inlined into each operation: [op] is a constant there.)
static inline __attribute__((always_inline)) Value dict_start_op(Dict *d, int op, Value key,
                                                                 Value value, Value *rec) {
    *rec = VAL_NULL;
    if (obj_is_user(key) && key->type->dunders[DUNDER_HASH] &&
        key->type->dunders[DUNDER_HASH] != VAL_NONE)
        return dict_op_record(d, op, key, value, VAL_NONE, VAL_NULL, rec);
    int64_t hash = container_hash(key), ix = 0;
    if (hash == -1 && err_occurred()) return VAL_NULL;
    uint64_t slot = 0;
    Value cand = VAL_NULL;
    int r = dict_probe(d, key, hash, VAL_NULL, &ix, &slot, &cand);
    if (r < 0) return VAL_NULL;
    if (r == 2) return dict_op_record(d, op, key, value, int_from_i64(hash), cand, rec);
    return dict_op_finish(d, op, key, hash, value, r, ix, slot);
}

Value dict_start_getitem(Dict *d, Value key, Value *rec) {
    return dict_start_op(d, DOP_GETITEM, key, VAL_NULL, rec);
}
Value dict_start_contains(Dict *d, Value key, Value *rec) {
    return dict_start_op(d, DOP_CONTAINS, key, VAL_NULL, rec);
}
Value dict_start_setitem(Dict *d, Value key, Value v, Value *rec) {
    return dict_start_op(d, DOP_SETITEM, key, v, rec);
}
Value dict_start_delitem(Dict *d, Value key, Value *rec) {
    return dict_start_op(d, DOP_DELITEM, key, VAL_NULL, rec);
}

// dict_start_op for a method: the result, or the record (a builtin may
// return it: the call continues as the record).
static Value dict_method_op(Dict *d, int op, Value key, Value value) {
    Value rec, r = dict_start_op(d, op, key, value, &rec);
    return rec ? rec : r;
}

int dict_set_hash(Dict *d, Value key, int64_t hash, Value v) {
    int64_t ix;
    uint64_t slot;
    int r = dict_find(d, key, hash, &ix, &slot);
    if (r < 0) return -1;
    if (r == 1) {
        d->entries[ix].value = v;
        d->version++;
        return 0;
    }
    if (d->nentries >= d->capacity) dict_resize(d, d->used * 3);
    slot = find_empty_slot(d, hash);
    DictEntry *e = &d->entries[d->nentries];
    e->hash = hash;
    e->key = key;
    e->value = v;
    d->index[slot] = d->nentries++;
    d->used++;
    d->version++;
    return 0;
}

void dict_append_hashed(Dict *d, Value key, int64_t hash, Value v) {
    if (d->nentries >= d->capacity) dict_resize(d, d->used * 3);
    uint64_t slot = find_empty_slot(d, hash);
    DictEntry *e = &d->entries[d->nentries];
    e->hash = hash;
    e->key = key;
    e->value = v;
    d->index[slot] = d->nentries++;
    d->used++;
    d->version++;
}

int dict_set(Dict *d, Value key, Value v) {
    int64_t h = container_hash(key);
    if (h == -1 && err_occurred()) return -1;
    return dict_set_hash(d, key, h, v);
}

void dict_set_str(Dict *d, Str *key, Value v) {
    int64_t h = key->hash != -1 ? key->hash : str_hash(key);
    if (dict_set_hash(d, (Value)key, h, v) < 0) err_clear();
}

int dict_lookup(Dict *d, Value key, Value *out) {
    int64_t h = container_hash(key);
    if (h == -1 && err_occurred()) return -1;
    int64_t ix;
    uint64_t slot;
    int r = dict_find(d, key, h, &ix, &slot);
    if (r == 1) *out = d->entries[ix].value;
    return r;
}

// Lookup with a known hash (1/0/-1).
static int dict_lookup_hash(Dict *d, Value key, int64_t h, Value *out) {
    int64_t ix;
    uint64_t slot;
    int r = dict_find(d, key, h, &ix, &slot);
    if (r == 1 && out) *out = d->entries[ix].value;
    return r;
}

Value dict_get_str(Dict *d, Str *key) {
    if (d->nslots == 0) return VAL_NULL;
    int64_t h = key->hash != -1 ? key->hash : str_hash(key);
    uint64_t mask = (uint64_t)d->nslots - 1, i = (uint64_t)h & mask, perturb = (uint64_t)h;
    const int64_t *index = d->index;
    const DictEntry *entries = d->entries;
    for (;;) {
        int64_t ix = index[i];
        if (ix == DKIX_EMPTY) return VAL_NULL;
        if (ix >= 0) {
            const DictEntry *e = &entries[ix];
            if (e->key == (Value)key) return e->value;
            if (e->hash == h && !val_is_small(e->key) && e->key->type == &StrType) {
                Str *k = (Str *)e->key;
                if (k->len == key->len && memcmp(k->data, key->data, (size_t)key->len) == 0)
                    return e->value;
            }
        }
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + perturb + 1) & mask;
    }
}

// Remove entry [ix] whose index slot is [slot].
static void dict_remove_at(Dict *d, int64_t ix, uint64_t slot) {
    d->index[slot] = DKIX_DUMMY;
    d->entries[ix].key = VAL_NULL;
    d->entries[ix].value = VAL_NULL;
    d->used--;
    d->version++;
}

int dict_del(Dict *d, Value key) {
    int64_t h = container_hash(key);
    if (h == -1 && err_occurred()) return -1;
    int64_t ix;
    uint64_t slot;
    int r = dict_find(d, key, h, &ix, &slot);
    if (r == 1) dict_remove_at(d, ix, slot);
    return r;
}

Dict *dict_copy(Dict *d) {
    Dict *n = dict_new();
    if (d->used == 0) return n;
    if (d->used == d->nentries) {
        alloc_table(n, d->nslots, d->capacity);
        memcpy(n->index, d->index, (size_t)d->nslots * sizeof(int64_t));
        memcpy(n->entries, d->entries, (size_t)d->nentries * sizeof(DictEntry));
        n->nslots = d->nslots;
        n->capacity = d->capacity;
        n->nentries = d->nentries;
        n->used = d->used;
        return n;
    }
    dict_resize(n, (d->used * 3 + 1) / 2);
    for (int64_t k = 0; k < d->nentries; k++) {
        DictEntry *e = &d->entries[k];
        if (!e->key) continue;
        n->entries[n->nentries] = *e;
        n->index[find_empty_slot(n, e->hash)] = n->nentries++;
        n->used++;
    }
    return n;
}

int dict_update(Dict *d, Dict *other) {
    if (d == other) return 0;
    for (int64_t k = 0; k < other->nentries; k++) {
        DictEntry *e = &other->entries[k];
        if (!e->key) continue;
        Value key = e->key, v = e->value;
        if (dict_set_hash(d, key, e->hash, v) < 0) return -1;
    }
    return 0;
}

bool dict_next(Dict *d, int64_t *pos, Value *key, Value *value) {
    int64_t i = *pos;
    while (i < d->nentries && !d->entries[i].key) i++;
    if (i >= d->nentries) {
        *pos = i;
        return false;
    }
    if (key) *key = d->entries[i].key;
    if (value) *value = d->entries[i].value;
    *pos = i + 1;
    return true;
}

static void dict_clear(Dict *d) {
    d->index = NULL;
    d->entries = NULL;
    d->nslots = d->capacity = d->nentries = d->used = 0;
    d->version++;
}

// d.update(arg) for any mapping (keys() + __getitem__) or iterable of pairs.
static int dict_update_arg(Dict *d, Value arg) {
    if (val_is(arg, &DictType)) return dict_update(d, (Dict *)arg);
    Type *t = val_type(arg);
    if (t->flags & TF_HEAPTYPE) {
        Value keys = obj_getattr_opt(arg, str_intern_cstr("keys"));
        if (!keys && err_occurred()) return -1;
        if (keys) {
            Value ks = obj_call(keys, NULL, 0, NULL);
            if (!ks) return -1;
            List *kl = list_from_iterable(ks);
            if (!kl) return -1;
            for (int64_t i = 0; i < kl->len; i++) {
                Value v = obj_getitem(arg, kl->items[i]);
                if (!v || dict_set(d, kl->items[i], v) < 0) return -1;
            }
            return 0;
        }
    }
    List *items = list_from_iterable(arg);
    if (!items) return -1;
    for (int64_t i = 0; i < items->len; i++) {
        Value item = items->items[i];
        Value k, v;
        if (val_is(item, &TupleType) && ((Tuple *)item)->len == 2) {
            k = ((Tuple *)item)->items[0];
            v = ((Tuple *)item)->items[1];
        } else {
            List *pair = seq_fast(item, "");
            if (!pair) {
                if (err_matches(&TypeErrorType)) {
                    err_clear();
                    err_format(&TypeErrorType,
                               "cannot convert dictionary update sequence element #%lld to a "
                               "sequence",
                               (long long)i);
                }
                return -1;
            }
            if (pair->len != 2) {
                err_format(&ValueErrorType,
                           "dictionary update sequence element #%lld has length %lld; 2 is "
                           "required",
                           (long long)i, (long long)pair->len);
                return -1;
            }
            k = pair->items[0];
            v = pair->items[1];
        }
        if (dict_set(d, k, v) < 0) return -1;
    }
    return 0;
}

// Store keyword arguments args[npos..nargs) named by kwnames.
static int dict_update_kw(Dict *d, Value *args, int nargs, Tuple *kwnames) {
    int nkw = kw_count(kwnames);
    for (int i = 0; i < nkw; i++)
        if (dict_set(d, kwnames->items[i], args[nargs - nkw + i]) < 0) return -1;
    return 0;
}

// ---- dict slots ---------------------------------------------------------------------------

static Value dict_tp_new(Type *t, Value *args, int nargs, Tuple *kwnames) {
    int npos = nargs - kw_count(kwnames);
    if (npos > 1)
        return err_format(&TypeErrorType, "dict expected at most 1 argument, got %d", npos);
    Dict *d = (Dict *)obj_alloc(t, t->inst_size > sizeof(Dict) ? t->inst_size : sizeof(Dict));
    if (npos == 1 && dict_update_arg(d, args[0]) < 0) return VAL_NULL;
    if (dict_update_kw(d, args, nargs, kwnames) < 0) return VAL_NULL;
    return (Value)d;
}

static Value dict_repr(Value self) {
    Dict *d = (Dict *)self;
    if (d->used == 0) return (Value)str_from_cstr("{}");
    if (containers_repr_enter(self)) return (Value)str_from_cstr("{...}");
    StrBuf b;
    strbuf_init(&b);
    strbuf_putc(&b, '{');
    bool first = true;
    for (int64_t i = 0; i < d->nentries; i++) {
        DictEntry *e = &d->entries[i];
        if (!e->key) continue;
        Value k = e->key, v = e->value;
        if (!first) strbuf_puts(&b, ", ");
        first = false;
        Str *r = obj_repr(k);
        if (!r) goto fail;
        strbuf_putstr(&b, r);
        strbuf_puts(&b, ": ");
        r = obj_repr(v);
        if (!r) goto fail;
        strbuf_putstr(&b, r);
        if (i >= d->nentries) break;
    }
    strbuf_putc(&b, '}');
    containers_repr_leave(self);
    return (Value)strbuf_finish(&b);
fail:
    containers_repr_leave(self);
    return VAL_NULL;
}

static Value dict_compare(Value a, Value b, CmpOp op) {
    if (!val_is(a, &DictType) || !val_is(b, &DictType)) return VAL_NOTIMPL;
    if (op != CMP_EQ && op != CMP_NE) return VAL_NOTIMPL;
    Dict *x = (Dict *)a, *y = (Dict *)b;
    bool eq = true;
    if (x->used != y->used) {
        eq = false;
    } else {
        for (int64_t i = 0; i < x->nentries; i++) {
            DictEntry *e = &x->entries[i];
            if (!e->key) continue;
            Value k = e->key, v = e->value, w = VAL_NULL;
            int r = dict_lookup_hash(y, k, e->hash, &w);
            if (r < 0) return VAL_NULL;
            if (r == 0) {
                eq = false;
                break;
            }
            r = item_eq(v, w);
            if (r < 0) return VAL_NULL;
            if (!r) {
                eq = false;
                break;
            }
        }
    }
    return val_bool(op == CMP_EQ ? eq : !eq);
}

static Value dict_binop(BinOp op, Value a, Value b) {
    if (op == BINOP_INPLACE + BINOP_OR) {
        if (!val_is(a, &DictType)) return VAL_NOTIMPL;
        if (dict_update_arg((Dict *)a, b) < 0) return VAL_NULL;
        return a;
    }
    if (op >= BINOP_INPLACE) op -= BINOP_INPLACE;
    if (op != BINOP_OR || !val_is(a, &DictType) || !val_is(b, &DictType)) return VAL_NOTIMPL;
    Dict *n = dict_copy((Dict *)a);
    if (dict_update(n, (Dict *)b) < 0) return VAL_NULL;
    return (Value)n;
}

static int dict_bool(Value self) {
    return ((Dict *)self)->used != 0;
}
static int64_t dict_len(Value self) {
    return ((Dict *)self)->used;
}

static Value dict_iter_new(Dict *d, Type *t) {
    DictIter *it = (DictIter *)obj_alloc(t, sizeof(DictIter));
    it->dict = d;
    it->used = d->used;
    it->remaining = d->used;
    bool rev = t == &DictRevKeyIterType || t == &DictRevValueIterType || t == &DictRevItemIterType;
    it->pos = rev ? d->nentries - 1 : 0;
    if (rev && d->used == 0) it->dict = NULL;
    return (Value)it;
}

static Value dict_iter(Value self) {
    return dict_iter_new((Dict *)self, &DictKeyIterType);
}

static Value dict_getitem(Value self, Value key) {
    Value v = VAL_NULL;
    int r = dict_lookup((Dict *)self, key, &v);
    if (r < 0) return VAL_NULL;
    if (r == 0) return err_key(key);
    return v;
}

static int dict_setitem(Value self, Value key, Value v) {
    if (v) return dict_set((Dict *)self, key, v);
    int r = dict_del((Dict *)self, key);
    if (r < 0) return -1;
    if (r == 0) {
        err_key(key);
        return -1;
    }
    return 0;
}

static int dict_contains(Value self, Value key) {
    Value v;
    return dict_lookup((Dict *)self, key, &v);
}

// ---- dict methods --------------------------------------------------------------------------

static Value dict_view_new(Dict *d, Type *t) {
    DictView *v = (DictView *)obj_alloc(t, sizeof(DictView));
    v->dict = d;
    return (Value)v;
}

static Value dict_m_keys(Value *args, int nargs, Tuple *kwnames) {
    if (!check_noargs("dict.keys", nargs, kwnames)) return VAL_NULL;
    return dict_view_new((Dict *)args[0], &DictKeysType);
}

static Value dict_m_values(Value *args, int nargs, Tuple *kwnames) {
    if (!check_noargs("dict.values", nargs, kwnames)) return VAL_NULL;
    return dict_view_new((Dict *)args[0], &DictValuesType);
}

static Value dict_m_items(Value *args, int nargs, Tuple *kwnames) {
    if (!check_noargs("dict.items", nargs, kwnames)) return VAL_NULL;
    return dict_view_new((Dict *)args[0], &DictItemsType);
}

static Value dict_m_get(Value *args, int nargs, Tuple *kwnames) {
    if (!check_posargs("dict.get", "get", nargs, kwnames, 1, 1, 2)) return VAL_NULL;
    return dict_method_op((Dict *)args[0], DOP_GET, args[1], nargs > 2 ? args[2] : VAL_NONE);
}

static Value dict_m_setdefault(Value *args, int nargs, Tuple *kwnames) {
    if (!check_posargs("dict.setdefault", "setdefault", nargs, kwnames, 1, 1, 2)) return VAL_NULL;
    return dict_method_op((Dict *)args[0], DOP_SETDEFAULT, args[1], nargs > 2 ? args[2] : VAL_NONE);
}

static Value dict_m_pop(Value *args, int nargs, Tuple *kwnames) {
    if (!check_posargs("dict.pop", "pop", nargs, kwnames, 1, 1, 2)) return VAL_NULL;
    return dict_method_op((Dict *)args[0], DOP_POP, args[1], nargs > 2 ? args[2] : VAL_NULL);
}

static Value dict_m_popitem(Value *args, int nargs, Tuple *kwnames) {
    if (!check_noargs("dict.popitem", nargs, kwnames)) return VAL_NULL;
    Dict *d = (Dict *)args[0];
    if (d->used == 0)
        return err_raise_args(
            &KeyErrorType, tuple_pack(1, (Value)str_from_cstr("popitem(): dictionary is empty")));
    int64_t i = d->nentries - 1;
    while (i >= 0 && !d->entries[i].key) i--;
    DictEntry *e = &d->entries[i];
    Value res = (Value)tuple_pack(2, e->key, e->value);
    // Find the index slot that points at entry i.
    uint64_t mask = (uint64_t)d->nslots - 1, s = (uint64_t)e->hash & mask,
             perturb = (uint64_t)e->hash;
    while (d->index[s] != i) {
        perturb >>= PERTURB_SHIFT;
        s = (s * 5 + perturb + 1) & mask;
    }
    dict_remove_at(d, i, s);
    d->nentries = i;
    return res;
}

static Value dict_m_update(Value *args, int nargs, Tuple *kwnames) {
    int npos = nargs - 1 - kw_count(kwnames);
    if (npos > 1)
        return err_format(&TypeErrorType, "update expected at most 1 argument, got %d", npos);
    Dict *d = (Dict *)args[0];
    if (npos == 1 && dict_update_arg(d, args[1]) < 0) return VAL_NULL;
    if (dict_update_kw(d, args, nargs, kwnames) < 0) return VAL_NULL;
    return VAL_NONE;
}

static Value dict_m_copy(Value *args, int nargs, Tuple *kwnames) {
    if (!check_noargs("dict.copy", nargs, kwnames)) return VAL_NULL;
    return (Value)dict_copy((Dict *)args[0]);
}

static Value dict_m_clear(Value *args, int nargs, Tuple *kwnames) {
    if (!check_noargs("dict.clear", nargs, kwnames)) return VAL_NULL;
    dict_clear((Dict *)args[0]);
    return VAL_NONE;
}

static Value dict_m_fromkeys(Value *args, int nargs, Tuple *kwnames) {
    if (!check_posargs("dict.fromkeys", "fromkeys", nargs, kwnames, 1, 1, 2)) return VAL_NULL;
    Value v = nargs > 2 ? args[2] : VAL_NONE;
    Dict *d = dict_new();
    Value it = args[1];
    if (val_is(it, &DictType)) {
        Dict *o = (Dict *)it;
        for (int64_t i = 0; i < o->nentries; i++)
            if (o->entries[i].key && dict_set_hash(d, o->entries[i].key, o->entries[i].hash, v) < 0)
                return VAL_NULL;
        return (Value)d;
    }
    List *keys = list_from_iterable(it);
    if (!keys) return VAL_NULL;
    for (int64_t i = 0; i < keys->len; i++)
        if (dict_set(d, keys->items[i], v) < 0) return VAL_NULL;
    return (Value)d;
}

static Value dict_m_reversed(Value *args, int nargs, Tuple *kwnames) {
    if (!check_noargs("dict.__reversed__", nargs, kwnames)) return VAL_NULL;
    return dict_reversed(args[0]);
}

static const MethodDef dict_methods[] = {
    {"keys", dict_m_keys, 0, NULL},
    {"values", dict_m_values, 0, NULL},
    {"items", dict_m_items, 0, NULL},
    {"get", dict_m_get, 0, NULL},
    {"setdefault", dict_m_setdefault, 0, NULL},
    {"pop", dict_m_pop, 0, NULL},
    {"popitem", dict_m_popitem, 0, NULL},
    {"update", dict_m_update, 0, NULL},
    {"copy", dict_m_copy, 0, NULL},
    {"clear", dict_m_clear, 0, NULL},
    {"fromkeys", dict_m_fromkeys, METH_CLASS, NULL},
    {"__reversed__", dict_m_reversed, 0, NULL},
    {NULL, NULL, 0, NULL},
};

Type DictType = {
    .obj = {&TypeType},
    .name = "dict",
    .flags = TF_BASETYPE,
    .inst_size = sizeof(Dict),
    .tp_new = dict_tp_new,
    .tp_repr = dict_repr,
    .tp_compare = dict_compare,
    .tp_binop = dict_binop,
    .tp_bool = dict_bool,
    .tp_len = dict_len,
    .tp_iter = dict_iter,
    .tp_getitem = dict_getitem,
    .tp_setitem = dict_setitem,
    .tp_contains = dict_contains,
};

// ---- iterators -----------------------------------------------------------------------------

// Advance [it] forward: the entry index, -1 exhausted, -2 error.
static int64_t dictiter_advance(DictIter *it) {
    Dict *d = it->dict;
    if (!d) return -1;
    if (it->used != d->used) {
        it->used = -1; // sticky
        err_format(&RuntimeErrorType, "dictionary changed size during iteration");
        return -2;
    }
    int64_t i = it->pos, n = d->nentries;
    while (i < n && !d->entries[i].key) i++;
    if (i >= n) {
        it->dict = NULL;
        return -1;
    }
    if (it->remaining == 0) {
        it->dict = NULL;
        err_format(&RuntimeErrorType, "dictionary keys changed during iteration");
        return -2;
    }
    it->pos = i + 1;
    it->remaining--;
    return i;
}

// Advance a reversed iterator.
static int64_t dictreviter_advance(DictIter *it) {
    Dict *d = it->dict;
    if (!d) return -1;
    if (it->used != d->used) {
        it->used = -1;
        err_format(&RuntimeErrorType, "dictionary changed size during iteration");
        return -2;
    }
    int64_t i = it->pos;
    if (i >= d->nentries) i = d->nentries - 1;
    while (i >= 0 && !d->entries[i].key) i--;
    if (i < 0) {
        it->dict = NULL;
        return -1;
    }
    it->pos = i - 1;
    it->remaining--;
    return i;
}

#define DICTITER_NEXT(fname, advance, expr)                                                        \
    static Value fname(Value self) {                                                               \
        DictIter *it = (DictIter *)self;                                                           \
        int64_t i = advance(it);                                                                   \
        if (i == -1) return ITER_DONE;                                                             \
        if (i < 0) return VAL_NULL;                                                                \
        DictEntry *e = &it->dict->entries[i];                                                      \
        return expr;                                                                               \
    }

DICTITER_NEXT(dictkeyiter_next, dictiter_advance, e->key)
DICTITER_NEXT(dictvalueiter_next, dictiter_advance, e->value)
DICTITER_NEXT(dictitemiter_next, dictiter_advance, (Value)tuple_pack(2, e->key, e->value))
DICTITER_NEXT(dictrevkeyiter_next, dictreviter_advance, e->key)
DICTITER_NEXT(dictrevvalueiter_next, dictreviter_advance, e->value)
DICTITER_NEXT(dictrevitemiter_next, dictreviter_advance, (Value)tuple_pack(2, e->key, e->value))

static Value dictiter_length_hint(Value *args, int nargs, Tuple *kwnames) {
    DictIter *it = (DictIter *)args[0];
    int64_t n = it->dict && it->used == it->dict->used ? it->remaining : 0;
    return int_from_i64(n);
}

static const MethodDef dictiter_methods[] = {
    {"__length_hint__", dictiter_length_hint, 0, NULL},
    {NULL, NULL, 0, NULL},
};

#define DICTITER_TYPE(cname, pyname, next)                                                         \
    Type cname = {                                                                                 \
        .obj = {&TypeType},                                                                        \
        .name = pyname,                                                                            \
        .flags = TF_ABSTRACT,                                                                      \
        .inst_size = sizeof(DictIter),                                                             \
        .tp_iter = containers_iter_self,                                                           \
        .tp_next = next,                                                                           \
    };

DICTITER_TYPE(DictKeyIterType, "dict_keyiterator", dictkeyiter_next)
DICTITER_TYPE(DictValueIterType, "dict_valueiterator", dictvalueiter_next)
DICTITER_TYPE(DictItemIterType, "dict_itemiterator", dictitemiter_next)
DICTITER_TYPE(DictRevKeyIterType, "dict_reversekeyiterator", dictrevkeyiter_next)
DICTITER_TYPE(DictRevValueIterType, "dict_reversevalueiterator", dictrevvalueiter_next)
DICTITER_TYPE(DictRevItemIterType, "dict_reverseitemiterator", dictrevitemiter_next)

static bool is_rev_iter(DictIter *it) {
    Type *t = it->obj.type;
    return t == &DictRevKeyIterType || t == &DictRevValueIterType || t == &DictRevItemIterType;
}

int64_t dict_iter_consumed(DictIter *it) {
    Dict *d = it->dict;
    if (!d) return it->used; // exhausted: everything was produced
    int64_t n = 0;
    if (is_rev_iter(it)) {
        for (int64_t i = d->nentries - 1; i > it->pos; i--)
            if (d->entries[i].key) n++;
    } else {
        for (int64_t i = 0; i < it->pos && i < d->nentries; i++)
            if (d->entries[i].key) n++;
    }
    return n;
}

void dict_iter_restore(DictIter *it, int64_t consumed) {
    Dict *d = it->dict;
    if (!d) return;
    int64_t n = 0;
    if (is_rev_iter(it)) {
        int64_t i = d->nentries - 1;
        for (; i >= 0 && n < consumed; i--)
            if (d->entries[i].key) n++;
        it->pos = i;
    } else {
        int64_t i = 0;
        for (; i < d->nentries && n < consumed; i++)
            if (d->entries[i].key) n++;
        it->pos = i;
    }
}

Value dict_reversed(Value v) {
    Type *t = val_type(v);
    if (t == &DictType) return dict_iter_new((Dict *)v, &DictRevKeyIterType);
    Dict *d = ((DictView *)v)->dict;
    if (t == &DictKeysType) return dict_iter_new(d, &DictRevKeyIterType);
    if (t == &DictValuesType) return dict_iter_new(d, &DictRevValueIterType);
    if (t == &DictItemsType) return dict_iter_new(d, &DictRevItemIterType);
    return err_format(&TypeErrorType, "'%s' object is not reversible", t->name);
}

// ---- views ---------------------------------------------------------------------------------

static int64_t dictview_len(Value self) {
    return ((DictView *)self)->dict->used;
}
static int dictview_bool(Value self) {
    return ((DictView *)self)->dict->used != 0;
}

static Value dictkeys_iter(Value self) {
    return dict_iter_new(((DictView *)self)->dict, &DictKeyIterType);
}
static Value dictvalues_iter(Value self) {
    return dict_iter_new(((DictView *)self)->dict, &DictValueIterType);
}
static Value dictitems_iter(Value self) {
    return dict_iter_new(((DictView *)self)->dict, &DictItemIterType);
}

static Value dictview_repr(Value self) {
    if (containers_repr_enter(self)) return (Value)str_from_cstr("...");
    List *l = list_from_iterable(self);
    Str *r = l ? obj_repr((Value)l) : NULL;
    containers_repr_leave(self);
    if (!r) return VAL_NULL;
    return (Value)str_printf("%s(%S)", val_type(self)->name, r);
}

static int dictkeys_contains(Value self, Value key) {
    Value v;
    return dict_lookup(((DictView *)self)->dict, key, &v);
}

static int dictitems_contains(Value self, Value item) {
    if (!val_is(item, &TupleType) || ((Tuple *)item)->len != 2) return 0;
    Tuple *t = (Tuple *)item;
    Value v;
    int r = dict_lookup(((DictView *)self)->dict, t->items[0], &v);
    if (r <= 0) return r;
    return item_eq(v, t->items[1]);
}

static int dictvalues_contains(Value self, Value x) {
    Dict *d = ((DictView *)self)->dict;
    for (int64_t i = 0; i < d->nentries; i++) {
        if (!d->entries[i].key) continue;
        int r = item_eq(d->entries[i].value, x);
        if (r) return r;
    }
    return 0;
}

static bool is_setlike(Value v) {
    Type *t = val_type(v);
    return t == &SetType || t == &FrozenSetType || t == &DictKeysType || t == &DictItemsType;
}

// Every item of [a] is in [b] (1/0/-1).
static int all_contained_in(Value a, Value b) {
    List *items = list_from_iterable(a);
    if (!items) return -1;
    for (int64_t i = 0; i < items->len; i++) {
        int r = obj_contains(b, items->items[i]);
        if (r <= 0) return r;
    }
    return 1;
}

static Value dictview_compare(Value a, Value b, CmpOp op) {
    if (!is_setlike(a) || !is_setlike(b)) return VAL_NOTIMPL;
    int64_t la = obj_len(a), lb = obj_len(b);
    if (la < 0 || lb < 0) return VAL_NULL;
    int ok = 0;
    switch (op) {
    case CMP_EQ:
    case CMP_NE:
        if (la == lb) ok = all_contained_in(a, b);
        if (op == CMP_NE && ok >= 0) ok = !ok;
        break;
    case CMP_LT:
        if (la < lb) ok = all_contained_in(a, b);
        break;
    case CMP_LE:
        if (la <= lb) ok = all_contained_in(a, b);
        break;
    case CMP_GT:
        if (la > lb) ok = all_contained_in(b, a);
        break;
    case CMP_GE:
        if (la >= lb) ok = all_contained_in(b, a);
        break;
    }
    if (ok < 0) return VAL_NULL;
    return val_bool(ok);
}

static Value dictview_binop(BinOp op, Value a, Value b) {
    if (op >= BINOP_INPLACE) op -= BINOP_INPLACE;
    if (op != BINOP_AND && op != BINOP_OR && op != BINOP_SUB && op != BINOP_XOR) return VAL_NOTIMPL;
    // CPython converts the left operand to a set and applies the set method
    // with the right operand (any iterable).
    Set *s = set_from_iterable(&SetType, a);
    if (!s) return VAL_NULL;
    int r = 0;
    switch (op) {
    case BINOP_AND: return (Value)set_intersection_internal(s, b);
    case BINOP_OR: r = set_update_internal(s, b); break;
    case BINOP_SUB: r = set_difference_update_internal(s, b); break;
    default: r = set_symmetric_difference_update_internal(s, b); break;
    }
    return r < 0 ? VAL_NULL : (Value)s;
}

static Value dictkeys_m_isdisjoint(Value *args, int nargs, Tuple *kwnames) {
    if (!check_onearg("dict_keys.isdisjoint", nargs, kwnames)) return VAL_NULL;
    List *items = list_from_iterable(args[1]);
    if (!items) return VAL_NULL;
    for (int64_t i = 0; i < items->len; i++) {
        int r = obj_contains(args[0], items->items[i]);
        if (r < 0) return VAL_NULL;
        if (r) return VAL_FALSE;
    }
    return VAL_TRUE;
}

static Value dictview_m_reversed(Value *args, int nargs, Tuple *kwnames) {
    if (!check_noargs("dict_keys.__reversed__", nargs, kwnames)) return VAL_NULL;
    return dict_reversed(args[0]);
}

static Value dictview_getattr(Value self, Str *name) {
    if (str_eq_cstr(name, "mapping")) return (Value)((DictView *)self)->dict;
    return VAL_NULL;
}

static const MethodDef dictkeys_methods[] = {
    {"isdisjoint", dictkeys_m_isdisjoint, 0, NULL},
    {"__reversed__", dictview_m_reversed, 0, NULL},
    {NULL, NULL, 0, NULL},
};
static const MethodDef dictvalues_methods[] = {
    {"__reversed__", dictview_m_reversed, 0, NULL},
    {NULL, NULL, 0, NULL},
};

Type DictKeysType = {
    .obj = {&TypeType},
    .name = "dict_keys",
    .flags = TF_ABSTRACT,
    .inst_size = sizeof(DictView),
    .tp_repr = dictview_repr,
    .tp_compare = dictview_compare,
    .tp_binop = dictview_binop,
    .tp_bool = dictview_bool,
    .tp_len = dictview_len,
    .tp_iter = dictkeys_iter,
    .tp_contains = dictkeys_contains,
    .tp_getattr = dictview_getattr,
};

Type DictValuesType = {
    .obj = {&TypeType},
    .name = "dict_values",
    .flags = TF_ABSTRACT,
    .inst_size = sizeof(DictView),
    .tp_repr = dictview_repr,
    .tp_bool = dictview_bool,
    .tp_len = dictview_len,
    .tp_iter = dictvalues_iter,
    .tp_contains = dictvalues_contains,
    .tp_getattr = dictview_getattr,
};

Type DictItemsType = {
    .obj = {&TypeType},
    .name = "dict_items",
    .flags = TF_ABSTRACT,
    .inst_size = sizeof(DictView),
    .tp_repr = dictview_repr,
    .tp_compare = dictview_compare,
    .tp_binop = dictview_binop,
    .tp_bool = dictview_bool,
    .tp_len = dictview_len,
    .tp_iter = dictitems_iter,
    .tp_contains = dictitems_contains,
    .tp_getattr = dictview_getattr,
};

// ---- generic special-method wrappers ----------------------------------------------------------
// `x.__getitem__`, `it.__next__` ... for the container types (the slots do
// the work; these only make the methods visible as attributes).

static Value w_len(Value *args, int nargs, Tuple *kwnames) {
    if (nargs != 1 || kw_count(kwnames))
        return err_format(&TypeErrorType, "expected 0 arguments, got %d", nargs - 1);
    int64_t n = val_type(args[0])->tp_len(args[0]);
    return n < 0 ? VAL_NULL : int_from_i64(n);
}

static Value w_getitem(Value *args, int nargs, Tuple *kwnames) {
    if (nargs != 2 || kw_count(kwnames))
        return err_format(&TypeErrorType, "expected 1 argument, got %d", nargs - 1);
    return val_type(args[0])->tp_getitem(args[0], args[1]);
}

static Value w_setitem(Value *args, int nargs, Tuple *kwnames) {
    if (nargs != 3 || kw_count(kwnames))
        return err_format(&TypeErrorType, "expected 2 arguments, got %d", nargs - 1);
    return val_type(args[0])->tp_setitem(args[0], args[1], args[2]) < 0 ? VAL_NULL : VAL_NONE;
}

static Value w_delitem(Value *args, int nargs, Tuple *kwnames) {
    if (nargs != 2 || kw_count(kwnames))
        return err_format(&TypeErrorType, "expected 1 argument, got %d", nargs - 1);
    return val_type(args[0])->tp_setitem(args[0], args[1], VAL_NULL) < 0 ? VAL_NULL : VAL_NONE;
}

static Value w_contains(Value *args, int nargs, Tuple *kwnames) {
    if (nargs != 2 || kw_count(kwnames))
        return err_format(&TypeErrorType, "expected 1 argument, got %d", nargs - 1);
    int r = val_type(args[0])->tp_contains(args[0], args[1]);
    return r < 0 ? VAL_NULL : val_bool(r);
}

static Value w_iter(Value *args, int nargs, Tuple *kwnames) {
    if (nargs != 1 || kw_count(kwnames))
        return err_format(&TypeErrorType, "expected 0 arguments, got %d", nargs - 1);
    return val_type(args[0])->tp_iter(args[0]);
}

static Value w_next(Value *args, int nargs, Tuple *kwnames) {
    if (nargs != 1 || kw_count(kwnames))
        return err_format(&TypeErrorType, "expected 0 arguments, got %d", nargs - 1);
    Value v = val_type(args[0])->tp_next(args[0]);
    if (v == ITER_DONE) return err_raise((Value)&StopIterationType);
    return v;
}

// Add the wrappers for the slots [t] has (before the type-specific tables,
// which may override them).
static void add_slot_wrappers(Type *t) {
    MethodDef defs[8];
    int n = 0;
    if (t->tp_len) defs[n++] = (MethodDef){"__len__", w_len, 0, NULL};
    if (t->tp_getitem) defs[n++] = (MethodDef){"__getitem__", w_getitem, 0, NULL};
    if (t->tp_setitem) {
        defs[n++] = (MethodDef){"__setitem__", w_setitem, 0, NULL};
        defs[n++] = (MethodDef){"__delitem__", w_delitem, 0, NULL};
    }
    if (t->tp_contains) defs[n++] = (MethodDef){"__contains__", w_contains, 0, NULL};
    if (t->tp_iter) defs[n++] = (MethodDef){"__iter__", w_iter, 0, NULL};
    if (t->tp_next) defs[n++] = (MethodDef){"__next__", w_next, 0, NULL};
    defs[n] = (MethodDef){NULL, NULL, 0, NULL};
    type_add_methods(t, defs);
}

// ---- start-up --------------------------------------------------------------------------------

// Make [t] unhashable (type_ready inherits object's hash slot).
static void make_unhashable(Type *t) {
    type_ready(t);
    t->tp_hash = NULL;
    type_set_attr_cstr(t, "__hash__", VAL_NONE);
}

void containers_init(void) {
    static Type *const iter_types[] = {
        &DictKeyIterType,    &DictValueIterType,    &DictItemIterType,
        &DictRevKeyIterType, &DictRevValueIterType, &DictRevItemIterType,
    };
    static Type *const all_types[] = {
        &TupleType,
        &ListType,
        &DictType,
        &SetType,
        &FrozenSetType,
        &RangeType,
        &SliceType,
        &ListIterType,
        &ListRevIterType,
        &TupleIterType,
        &RangeIterType,
        &SetIterType,
        &DictKeyIterType,
        &DictValueIterType,
        &DictItemIterType,
        &DictRevKeyIterType,
        &DictRevValueIterType,
        &DictRevItemIterType,
        &DictKeysType,
        &DictValuesType,
        &DictItemsType,
        &SeqIterType,
    };
    for (size_t i = 0; i < sizeof all_types / sizeof all_types[0]; i++) {
        type_ready(all_types[i]);
        add_slot_wrappers(all_types[i]);
    }
    for (size_t i = 0; i < sizeof iter_types / sizeof iter_types[0]; i++)
        type_add_methods(iter_types[i], dictiter_methods);
    type_add_methods(&DictType, dict_methods);
    type_add_methods(&DictKeysType, dictkeys_methods);
    type_add_methods(&DictValuesType, dictvalues_methods);
    type_add_methods(&DictItemsType, dictkeys_methods);
    tuple_init();
    list_init();
    listsort_init();
    set_init();
    range_init();
    make_unhashable(&ListType);
    make_unhashable(&DictType);
    make_unhashable(&SetType);
    make_unhashable(&SliceType);
    make_unhashable(&DictKeysType);
    make_unhashable(&DictItemsType);
    helper_register(&dict_op_helper);
}
