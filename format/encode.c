// encode.c — the encoder of the frame format (SPEC.md): walks the object
// graph from a root breadth-first without C recursion, gives every object
// an id on first sight and writes one record per object, in id order.
// Reads only: pickling never changes the objects it pickles. Output goes
// through the direct msgpack writer (mpwrite.h) into memory reused from one
// call to the next; the result is copied once, into the bytes object.
#include "bytes.h"
#include "code.h"
#include "containers.h"
#include "err.h"
#include "fmt_impl.h"
#include "frame.h"
#include "func.h"
#include "helper.h"
#include "iterobj.h"
#include "str.h"
#include "tasklet.h"
#include "vm.h"

#include "mpwrite.h"

#include <stdlib.h>
#include <string.h>

// The few helpers every field goes through: inlined whatever the
// compiler's size heuristics say (writers are many and call them often).
#define HOT_INLINE static inline __attribute__((always_inline))

// ---- key -> id maps (open addressing; keys are Values or tagged keys) ----------------

typedef struct {
    uintptr_t key;
    uint32_t id;
    uint32_t gen; // the slot is in use iff this is the map's generation
} IdSlot;

// Linear probing, kept at most half full (a probe always ends at a free
// slot); emptied in O(1) by starting a new generation. malloc'd: its keys
// are not GC roots (see Scratch).
typedef struct {
    IdSlot *slots;
    size_t cap, count; // cap: a power of two, or 0 before idmap_ready
    unsigned shift;    // 64 - log2(cap): slot_of takes the top bits of the hash
    uint32_t gen;      // >= 1 once there are slots
} IdMap;

static size_t slot_of(const IdMap *m, uintptr_t k) {
    return (size_t)(((uint64_t)k * 0x9E3779B97F4A7C15ull) >> m->shift);
}

// Double [m] (64 slots at first). False on out of memory.
static bool idmap_grow(IdMap *m) {
    size_t ncap = m->cap ? m->cap * 2 : 64;
    IdSlot *ns = calloc(ncap, sizeof(IdSlot));
    if (!ns) return false;
    IdMap n = {ns, ncap, m->count, 1 + (unsigned)__builtin_clzll(ncap), m->gen ? m->gen : 1};
    for (size_t i = 0; i < m->cap; i++) {
        if (m->slots[i].gen != m->gen) continue;
        size_t j = slot_of(&n, m->slots[i].key);
        while (ns[j].gen == n.gen) j = (j + 1) & (ncap - 1);
        ns[j] = m->slots[i];
    }
    free(m->slots);
    *m = n;
    return true;
}

// Give [m] its first slots if it has none. False on out of memory.
static bool idmap_ready(IdMap *m) {
    return m->cap || idmap_grow(m);
}

// Empty [m] (its memory is kept).
static void idmap_clear(IdMap *m) {
    m->count = 0;
    if (m->cap && ++m->gen == 0) {
        memset(m->slots, 0, m->cap * sizeof(IdSlot));
        m->gen = 1;
    }
}

static void idmap_free(IdMap *m) {
    free(m->slots);
    memset(m, 0, sizeof *m);
}

// The slot of [k] in [m] (which has slots): where it is, or else the free
// slot where it goes.
HOT_INLINE IdSlot *idmap_find(const IdMap *m, uintptr_t k) {
    for (size_t j = slot_of(m, k);; j = (j + 1) & (m->cap - 1)) {
        IdSlot *s = &m->slots[j];
        if (s->gen != m->gen || s->key == k) return s;
    }
}

// True if [s] holds a key (idmap_find found it).
HOT_INLINE bool idmap_used(const IdMap *m, const IdSlot *s) {
    return s->gen == m->gen;
}

// Store [k] -> [id] in [s], the free slot idmap_find gave for [k]; [s] is
// stale afterwards (the map may grow). False on out of memory: then [m] is
// emptied, so that probes still end.
static bool idmap_insert(IdMap *m, IdSlot *s, uintptr_t k, uint32_t id) {
    s->key = k;
    s->id = id;
    s->gen = m->gen;
    if (++m->count * 2 <= m->cap || idmap_grow(m)) return true;
    idmap_clear(m);
    return false;
}

// The id of [k], or -1.
static int64_t idmap_get(const IdMap *m, uintptr_t k) {
    if (!m->count) return -1;
    const IdSlot *s = idmap_find(m, k);
    return idmap_used(m, s) ? (int64_t)s->id : -1;
}

// Map [k] to [id]. False on out of memory.
static bool idmap_put(IdMap *m, uintptr_t k, uint32_t id) {
    if (!idmap_ready(m)) return false;
    IdSlot *s = idmap_find(m, k);
    if (!idmap_used(m, s)) return idmap_insert(m, s, k, id);
    s->id = id;
    return true;
}

// ---- the modules of sys.modules ----------------------------------------------------------

// The modules whose dict is written as a module_dict record: those of
// sys.modules, first one first for a dict shared by two. Rebuilt only when
// sys.modules or the dict of one of them changed since the last encoding.
typedef struct {
    Dict *dict; // vm.modules when built (this static keeps it alive: never reused)
    int64_t version, used, nentries; // its state then
    // malloc'd: the modules are alive while sys.modules holds them, which
    // the state above shows; their dicts then.
    Module **modules;
    Dict **dicts;
    size_t n, cap;
    IdMap index; // module dict -> index into modules
} ModuleIndex;

static ModuleIndex modindex;

static bool modindex_valid(const ModuleIndex *x) {
    Dict *d = vm.modules;
    if (x->dict != d || x->version != d->version || x->used != d->used ||
        x->nentries != d->nentries)
        return false;
    for (size_t i = 0; i < x->n; i++)
        if (x->modules[i]->dict != x->dicts[i]) return false;
    return true;
}

// Bring [x] up to date with sys.modules. False on out of memory.
static bool modindex_update(ModuleIndex *x) {
    if (modindex_valid(x)) return true;
    Dict *d = vm.modules;
    x->dict = NULL; // invalid until complete
    x->n = 0;
    idmap_clear(&x->index);
    if (!idmap_ready(&x->index)) return false;
    size_t need = (size_t)d->used;
    if (need > x->cap) {
        Module **nm = realloc(x->modules, need * sizeof(Module *));
        if (nm) x->modules = nm;
        Dict **nd = realloc(x->dicts, need * sizeof(Dict *));
        if (nd) x->dicts = nd;
        if (!nm || !nd) return false;
        x->cap = need;
    }
    int64_t pos = 0;
    Value k, v;
    while (dict_next(d, &pos, &k, &v)) {
        if (!val_is(v, &ModuleType)) continue;
        Module *m = (Module *)v;
        IdSlot *s = idmap_find(&x->index, (uintptr_t)m->dict);
        if (idmap_used(&x->index, s)) continue;
        if (!idmap_insert(&x->index, s, (uintptr_t)m->dict, (uint32_t)x->n)) return false;
        x->modules[x->n] = m;
        x->dicts[x->n++] = m->dict;
    }
    x->dict = d;
    x->version = d->version;
    x->used = d->used;
    x->nentries = d->nentries;
    return true;
}

// ---- the encoder --------------------------------------------------------------------

// A queued object: a Value, or (KEY_CONTENTS bit set) the stored contents of
// the module whose dict this is.
#define KEY_CONTENTS ((uintptr_t)2)

// The memory of an encoding, handed to the next one (see enc_begin). All
// malloc'd: the queue and the id maps hold the keys of objects reachable
// from the root (Enc.root) or from sys.modules while the encoding runs, and
// no Python code runs meanwhile, so the collector need not see them; what
// the encoder creates itself is kept alive by Enc.keep. Nothing is
// retained after the call: keys are dropped with the generation.
typedef struct {
    MpWriter out;     // the pickle, its prefix written last (fmt_encode)
    IdMap ids;        // key -> id
    IdMap live;       // records of the current tasklet's chain (running now)
    uintptr_t *queue; // the key of every id, in id order
    size_t capqueue;
} Scratch;

// Scratch memory kept between encodings, up to this size per buffer.
#define SCRATCH_KEEP_MAX ((size_t)4 << 20)

static Scratch spare;     // the memory of the last encoding
static bool spare_in_use; // an encoding runs with it (a nested one gets its own)

typedef struct {
    Scratch m;
    bool owns_spare; // m is the spare, to be given back
    size_t nqueue;
    Value root; // kept alive for the collector (the queue is not scanned)
    List *keep; // objects the encoder made (e.g. a class's bases tuple), or NULL
    EncFlags flags;
    bool failed;
} Enc;

static void fail(Enc *e) {
    e->failed = true;
}

// Out of memory: raise MemoryError and stop.
static void no_memory(Enc *e) {
    if (!e->failed) err_raise((Value)&MemoryErrorType);
    fail(e);
}

// Give [key] the next id and queue it. Out of memory: 0 (and e->failed).
static uint32_t enqueue(Enc *e, uintptr_t key) {
    if (e->nqueue == e->m.capqueue) {
        size_t ncap = e->m.capqueue ? e->m.capqueue * 2 : 256;
        uintptr_t *nq = realloc(e->m.queue, ncap * sizeof(uintptr_t));
        if (!nq) {
            no_memory(e);
            return 0;
        }
        e->m.queue = nq;
        e->m.capqueue = ncap;
    }
    e->m.queue[e->nqueue] = key;
    return (uint32_t)e->nqueue++;
}

// first_sight when the queue or the id map must grow first.
static __attribute__((noinline)) uint32_t first_sight_growing(Enc *e, uintptr_t key) {
    uint32_t id = enqueue(e, key);
    IdSlot *s = idmap_find(&e->m.ids, key);
    if (!idmap_insert(&e->m.ids, s, key, id)) no_memory(e);
    return id;
}

// [key] seen for the first time, [s] the free slot for it: the next id.
HOT_INLINE uint32_t first_sight(Enc *e, IdSlot *s, uintptr_t key) {
    IdMap *m = &e->m.ids;
    if (e->nqueue == e->m.capqueue || (m->count + 1) * 2 > m->cap)
        return first_sight_growing(e, key);
    uint32_t id = (uint32_t)e->nqueue;
    e->m.queue[e->nqueue++] = key;
    s->key = key;
    s->id = id;
    s->gen = m->gen;
    m->count++;
    return id;
}

// The id of [key], given on first sight (then queued to be written): one
// probe sequence finds or inserts it.
HOT_INLINE uint32_t id_of(Enc *e, uintptr_t key) {
    IdSlot *s = idmap_find(&e->m.ids, key);
    return idmap_used(&e->m.ids, s) ? s->id : first_sight(e, s, key);
}

// [v], made by the encoder and referred to only from the queue: kept alive.
static Value keep(Enc *e, Value v) {
    if (!e->keep) e->keep = list_new(4);
    list_append(e->keep, v);
    return v;
}

// ---- fields --------------------------------------------------------------------------

// Store a reference to [v] (nil for VAL_NULL) at [p], where the caller made
// room for it; returns the end.
HOT_INLINE uint8_t *put_ref(Enc *e, uint8_t *p, Value v) {
    if (!v) {
        *p = 0xc0;
        return p + 1;
    }
    return mpw_put_uint(p, id_of(e, (uintptr_t)v));
}

// Write a reference to [v] (nil for VAL_NULL).
HOT_INLINE void ref(Enc *e, Value v) {
    e->m.out.pos = put_ref(e, mpw_room(&e->m.out, MPW_ITEM_MAX), v);
}

// Items of an array of references for which room is made at once.
#define REFS_CHUNK 1024

// Write an array of references to the [n] values at [v].
static void refs(Enc *e, const Value *v, int64_t n) {
    mpw_array(&e->m.out, (size_t)n);
    for (int64_t i = 0; i < n;) {
        int64_t end = n - i > REFS_CHUNK ? i + REFS_CHUNK : n;
        uint8_t *p = mpw_room(&e->m.out, MPW_ITEM_MAX * (size_t)(end - i));
        if (!p) return; // out of memory (e->m.out.failed)
        for (; i < end; i++) p = put_ref(e, p, v[i]);
        e->m.out.pos = p;
    }
}

static inline void put_int(Enc *e, int64_t x) {
    mpw_int(&e->m.out, x);
}

static inline void put_uint(Enc *e, uint64_t x) {
    mpw_uint(&e->m.out, x);
}

static inline void put_bool(Enc *e, bool b) {
    mpw_bool(&e->m.out, b);
}

static inline void put_array(Enc *e, size_t n) {
    mpw_array(&e->m.out, n);
}

static void put_cstr(Enc *e, const char *s) {
    mpw_str(&e->m.out, s, strlen(s));
}

_Static_assert(K_MAX_PLUS_ONE <= 128, "kind codes are positive fixints (head)");

// The field count of each record kind (kinds.def: one shape letter per field).
static const uint8_t arity[K_MAX_PLUS_ONE] = {
#define KIND(name, code, str, shape, fields) [code] = sizeof(shape) - 1,
#include "kinds.def"
#undef KIND
};

// Start record of [kind].
HOT_INLINE void head(Enc *e, Kind k) {
    uint8_t *p = mpw_room(&e->m.out, MPW_ITEM_MAX + 1);
    p = mpw_put_array(p, 1 + (size_t)arity[k]);
    *p = (uint8_t)k; // kind codes are below 128: a positive fixint
    e->m.out.pos = p + 1;
}

static void cannot(Enc *e, Value v) {
    err_format(fmt_pickling_error, "cannot pickle '%s' object", val_type(v)->name);
    fail(e);
}

// ---- little-endian packing of code tables --------------------------------------------

static void put_le32(uint8_t *p, uint32_t x) {
    p[0] = (uint8_t)x;
    p[1] = (uint8_t)(x >> 8);
    p[2] = (uint8_t)(x >> 16);
    p[3] = (uint8_t)(x >> 24);
}

// A bin of the [n] 32-bit words at [x], little-endian.
static void put_le32s(Enc *e, const uint32_t *x, size_t n) {
    uint8_t *b = mpw_bin_fill(&e->m.out, n * 4);
    if (!b) return; // out of memory (e->m.out.failed)
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (n) memcpy(b, x, n * 4);
#else
    for (size_t i = 0; i < n; i++) put_le32(b + 4 * i, x[i]);
#endif
}

static void write_code(Enc *e, Value v) {
    Code *c = (Code *)v;
    uint64_t hash = fmt_code_hash(c);
    if (!hash && err_occurred()) {
        fail(e);
        return;
    }
    head(e, K_CODE);
    ref(e, (Value)c->name);
    ref(e, (Value)c->qualname);
    ref(e, (Value)c->filename);
    put_int(e, c->firstlineno);
    put_int(e, c->argcount);
    put_int(e, c->posonlyargcount);
    put_int(e, c->kwonlyargcount);
    put_int(e, c->nlocals);
    put_int(e, c->ncells);
    put_int(e, c->nfrees);
    put_int(e, c->stacksize);
    put_uint(e, c->flags);
    put_le32s(e, c->instrs, (size_t)c->ninstrs);
    // Each position is 4 int32s (line, end line, column, end column).
    _Static_assert(sizeof(CodePos) == 16, "CodePos is four int32_t");
    put_le32s(e, (const uint32_t *)c->positions, (size_t)c->ninstrs * 4);
    put_array(e, (size_t)c->nexc * 5);
    for (int32_t i = 0; i < c->nexc; i++) {
        ExcEntry *x = &c->exctable[i];
        put_int(e, x->start);
        put_int(e, x->end);
        put_int(e, x->target);
        put_int(e, x->depth);
        put_int(e, x->lasti);
    }
    ref(e, (Value)c->consts);
    ref(e, (Value)c->names);
    ref(e, (Value)c->varnames);
    ref(e, (Value)c->cellvars);
    ref(e, (Value)c->freevars);
    uint8_t *hb = mpw_bin_fill(&e->m.out, 8);
    if (hb) {
        put_le32(hb, (uint32_t)hash);
        put_le32(hb + 4, (uint32_t)(hash >> 32));
    }
}

// ---- hashes that survive a trip to another process ------------------------------------

// True if the hash of [v] is computed from its value by C code (the same in
// every process); false if it depends on its address or on a user __hash__.
static bool portable_hash(Value v) {
    for (int depth = 0; depth < 64; depth++) {
        Type *t = val_type(v);
        if (t == &StrType || t == &IntType || t == &BoolType || t == &FloatType ||
            t == &BytesType || t == &NoneType || t == &RangeType)
            return true;
        if (t != &TupleType) return false;
        Tuple *tu = (Tuple *)v;
        if (tu->len == 0) return true;
        for (int64_t i = 0; i + 1 < tu->len; i++)
            if (!portable_hash(tu->items[i])) return false;
        v = tu->items[tu->len - 1];
    }
    return false;
}

// True if [v]'s hash runs a user __hash__ (then it is stored in the pickle).
static bool user_hash(Value v) {
    Type *t = val_type(v);
    if (t->dunders[DUNDER_HASH] && t->dunders[DUNDER_HASH] != VAL_NONE) return true;
    if (t == &TupleType) {
        Tuple *tu = (Tuple *)v;
        for (int64_t i = 0; i < tu->len; i++)
            if (user_hash(tu->items[i])) return true;
    }
    return false;
}

static void write_dict(Enc *e, Dict *d) {
    head(e, K_DICT);
    put_array(e, (size_t)d->used * 2);
    int64_t nuser = 0;
    for (int64_t i = 0; i < d->nentries; i++) {
        DictEntry *en = &d->entries[i];
        if (!en->key) continue;
        ref(e, en->key);
        ref(e, en->value);
        if (user_hash(en->key)) nuser++;
    }
    put_array(e, (size_t)nuser * 2);
    int64_t k = 0;
    for (int64_t i = 0; nuser && i < d->nentries; i++) {
        DictEntry *en = &d->entries[i];
        if (!en->key) continue;
        if (user_hash(en->key)) {
            put_int(e, k);
            put_int(e, en->hash);
        }
        k++;
    }
}

extern Obj SET_DUMMY_OBJ;

static bool set_is_portable(Set *s) {
    for (int64_t i = 0; i <= s->mask; i++) {
        Value k = s->table[i].key;
        if (k && k != (Value)&SET_DUMMY_OBJ && !portable_hash(k)) return false;
    }
    return true;
}

static void write_set(Enc *e, Value v) {
    Set *s = (Set *)v;
    head(e, K_SET);
    put_bool(e, val_type(v) == &FrozenSetType);
    if (set_is_portable(s)) {
        // The exact table layout: iteration order and iterator positions survive.
        put_int(e, s->mask);
        put_int(e, val_type(v) == &FrozenSetType ? 0 : s->hash);
        put_array(e, (size_t)s->mask + 1);
        int64_t ndummy = 0;
        for (int64_t i = 0; i <= s->mask; i++) {
            Value k = s->table[i].key;
            if (k == (Value)&SET_DUMMY_OBJ) {
                ndummy++;
                k = VAL_NULL;
            }
            ref(e, k);
        }
        put_array(e, (size_t)ndummy);
        for (int64_t i = 0; i <= s->mask; i++)
            if (s->table[i].key == (Value)&SET_DUMMY_OBJ) put_int(e, i);
        put_array(e, 0);
        return;
    }
    // Keys hashed by identity or by a user __hash__: the items in iteration
    // order, rebuilt by insertion (user hashes stored).
    put_int(e, -1);
    put_int(e, 0);
    put_array(e, (size_t)s->used);
    int64_t pos = 0, nuser = 0;
    Value k;
    while (set_next(s, &pos, &k)) {
        ref(e, k);
        if (user_hash(k)) nuser++;
    }
    put_array(e, 0);
    put_array(e, (size_t)nuser * 2);
    pos = 0;
    int64_t i = 0;
    for (int64_t j = 0; j <= s->mask; j++) {
        Value key = s->table[j].key;
        if (!key || key == (Value)&SET_DUMMY_OBJ) continue;
        if (user_hash(key)) {
            put_int(e, i);
            put_int(e, s->table[j].hash);
        }
        i++;
    }
}

// ---- frames, helpers, tasklets ---------------------------------------------------------

static void write_frame(Enc *e, Value v) {
    Frame *f = (Frame *)v;
    Code *c = f->code;
    bool live = idmap_get(&e->m.live, (uintptr_t)f) >= 0;
    head(e, K_FRAME);
    ref(e, (Value)c);
    ref(e, (Value)f->func);
    ref(e, (Value)f->globals);
    ref(e, (Value)f->locals);
    ref(e, f->gen);
    // A frame running in the current tasklet (reached through a traceback)
    // is stored detached: its value stack is not synced while it runs.
    ref(e, live ? VAL_NULL : f->back);
    ref(e, f->init_self);
    put_int(e, f->ip);
    int32_t sp = live ? 0 : f->sp;
    put_int(e, sp);
    refs(e, f->slots, (int64_t)c->nlocals + c->ncells + c->nfrees + sp);
}

static void write_generator(Enc *e, Value v) {
    Generator *g = (Generator *)v;
    if (g->state == GEN_RUNNING && g->frame && idmap_get(&e->m.live, (uintptr_t)g->frame) >= 0) {
        err_format(fmt_pickling_error, "cannot pickle a generator that is running");
        fail(e);
        return;
    }
    head(e, K_GENERATOR);
    ref(e, (Value)g->frame);
    ref(e, (Value)g->name);
    ref(e, (Value)g->qualname);
    put_cstr(e, fmt_gen_states[g->state & 3]);
    ref(e, g->exc_info);
}

// Registered helper definitions met before: the registry only grows and
// holds them for good, so a definition found there once stays registered.
static IdMap registered_helpers;

// True if a helper of the name of [def] is registered (helper_lookup).
static bool helper_registered(const HelperDef *def) {
    if (idmap_get(&registered_helpers, (uintptr_t)def) >= 0) return true;
    const HelperDef *r = helper_lookup(def->name);
    if (r == def) idmap_put(&registered_helpers, (uintptr_t)def, 0); // (a cache: may fail)
    return r != NULL;
}

static void write_helper(Enc *e, Value v) {
    Helper *h = (Helper *)v;
    if (idmap_get(&e->m.live, (uintptr_t)h) >= 0) {
        err_format(fmt_pickling_error, "cannot pickle the running helper '%s'", h->def->name);
        fail(e);
        return;
    }
    if (!helper_registered(h->def)) {
        err_format(fmt_pickling_error, "cannot pickle helper '%s': it is not registered",
                   h->def->name);
        fail(e);
        return;
    }
    head(e, K_HELPER);
    put_cstr(e, h->def->name);
    put_cstr(e, h->def->labels[h->label]);
    int rk = h->req_kind >= 0 && h->req_kind < 7 ? h->req_kind : 0;
    put_cstr(e, fmt_requests[rk]);
    // A switch request has been carried out: its target is not state.
    ref(e, rk == HS_SWITCH ? VAL_NULL : h->req_fn);
    ref(e, (Value)h->req_args);
    ref(e, (Value)h->req_kwargs);
    ref(e, h->back);
    refs(e, h->fields, h->def->nfields);
}

static void write_tasklet(Enc *e, Value v) {
    Tasklet *t = (Tasklet *)v;
    // (A whole scheduler is pickled at a switch: every tasklet is switched out.)
    bool whole = e->flags.world || e->flags.scheduler;
    if (t == sched.current && !whole) {
        err_format(&RuntimeErrorType, "You cannot __reduce__ the tasklet which is current.");
        fail(e);
        return;
    }
    if (t->is_main && !whole) {
        err_format(fmt_pickling_error, "cannot pickle the main tasklet");
        fail(e);
        return;
    }
    if (t->nesting && !e->flags.world) {
        err_format(fmt_pickling_error,
                   "tasklet is not restorable: '%S', called by C code that does not follow the "
                   "helper protocol, is on its stack (nesting level %d)",
                   vm_nested_name(t->nested_fn ? t->nested_fn : VAL_NONE), (int)t->nesting);
        fail(e);
        return;
    }
    head(e, K_TASKLET);
    ref(e, (Value)t->obj.type);
    ref(e, (Value)t->dict);
    ref(e, t->func);
    ref(e, (Value)t->args);
    ref(e, (Value)t->kwargs);
    put_uint(e, t->state);
    put_bool(e, t->atomic);
    put_bool(e, t->block_trap);
    put_bool(e, t->started);
    put_bool(e, t->is_main);
    ref(e, t->tempval);
    ref(e, t->send_exc);
    put_cstr(e, t->resume == RESUME_CONTINUE ? "continue" : "deliver");
    ref(e, t->resume_value);
    ref(e, t->resume_exc);
    ref(e, t->top);
    ref(e, t->exc_info);
}

// The root of fmt_dumps_scheduler: [t] is the tuple (main, next, runqueue,
// modules) queued as object 0; the settings come from the flags.
static void write_scheduler(Enc *e, Tuple *t) {
    const FmtScheduler *s = e->flags.scheduler;
    head(e, K_SCHEDULER);
    ref(e, t->items[0]);
    ref(e, t->items[1]);
    refs(e, s->runqueue->items, s->runqueue->len);
    refs(e, s->modules->items, s->modules->len);
    put_int(e, s->recursion_limit);
    put_int(e, s->timeout);
    put_int(e, s->total_left);
    put_bool(e, s->totaltimeout);
    put_bool(e, s->main_in_run);
}

static void write_channel(Enc *e, Value v) {
    Channel *c = (Channel *)v;
    head(e, K_CHANNEL);
    ref(e, (Value)c->obj.type);
    ref(e, (Value)c->dict);
    put_int(e, c->balance);
    put_int(e, c->preference);
    put_bool(e, c->schedule_all);
    put_bool(e, c->closing);
    int64_t n = 0;
    Tasklet *t = c->head;
    if (t) do {
            n++;
            t = t->next;
        } while (t != c->head && n < INT32_MAX);
    put_array(e, (size_t)n);
    t = c->head;
    for (int64_t i = 0; i < n; i++, t = t->next) ref(e, (Value)t);
}

// ---- classes, modules ----------------------------------------------------------------

static void write_type(Enc *e, Value v) {
    Type *t = (Type *)v;
    if (!(t->flags & TF_HEAPTYPE)) {
        head(e, K_TYPE_REF);
        put_cstr(e, t->name);
        return;
    }
    head(e, K_CLASS);
    ref(e, (Value)t->name_str);
    ref(e, (Value)t->qualname);
    ref(e, keep(e, (Value)tuple_pack(1, (Value)t->base)));
    ref(e, (Value)t->dict);
}

static void write_module(Enc *e, Value v) {
    Module *m = (Module *)v;
    head(e, K_MODULE);
    mpw_str(&e->m.out, m->name->data, (size_t)m->name->len);
    static Str *dunder_file; // interned: the intern table keeps it
    if (!dunder_file) dunder_file = str_intern_cstr("__file__");
    Value file = dict_get_str(m->dict, dunder_file);
    if (file && val_is(file, &StrType)) {
        ref(e, file);
        // Pickle-everywhere: modules by reference (they stay as they are).
        if (e->flags.world)
            mpw_nil(&e->m.out);
        else
            put_uint(e, id_of(e, (uintptr_t)m->dict | KEY_CONTENTS));
    } else {
        mpw_nil(&e->m.out); // a builtin module: by name
        mpw_nil(&e->m.out);
    }
}

// ---- scalars, containers, functions, iterators ------------------------------------------

static void write_none(Enc *e, Value v) {
    head(e, K_NONE);
}

static void write_bool(Enc *e, Value v) {
    head(e, v == VAL_TRUE ? K_TRUE : K_FALSE);
}

static void write_ellipsis(Enc *e, Value v) {
    head(e, K_ELLIPSIS);
}

static void write_notimpl(Enc *e, Value v) {
    head(e, K_NOTIMPL);
}

static void write_int(Enc *e, Value v) {
    head(e, K_INT);
    put_int(e, ((Int *)v)->value);
}

static void write_float(Enc *e, Value v) {
    head(e, K_FLOAT);
    mpw_double(&e->m.out, ((Float *)v)->value);
}

static void write_str(Enc *e, Value v) {
    head(e, K_STR);
    mpw_str(&e->m.out, ((Str *)v)->data, (size_t)((Str *)v)->len);
}

static void write_bytes(Enc *e, Value v) {
    head(e, K_BYTES);
    mpw_bin(&e->m.out, ((Bytes *)v)->data, (size_t)((Bytes *)v)->len);
}

static void write_tuple(Enc *e, Value v) {
    head(e, K_TUPLE);
    refs(e, ((Tuple *)v)->items, ((Tuple *)v)->len);
}

static void write_list(Enc *e, Value v) {
    head(e, K_LIST);
    refs(e, ((List *)v)->items, ((List *)v)->len);
}

// A dict: a module's dict by reference to its module, else its items.
static void write_dict_or_module_dict(Enc *e, Value v) {
    int64_t mi = idmap_get(&modindex.index, (uintptr_t)v);
    if (mi < 0) return write_dict(e, (Dict *)v);
    head(e, K_MODULE_DICT);
    ref(e, (Value)modindex.modules[mi]);
}

static void write_range(Enc *e, Value v) {
    Range *r = (Range *)v;
    head(e, K_RANGE);
    put_int(e, r->start);
    put_int(e, r->stop);
    put_int(e, r->step);
}

static void write_slice(Enc *e, Value v) {
    Slice *s = (Slice *)v;
    head(e, K_SLICE);
    ref(e, s->start);
    ref(e, s->stop);
    ref(e, s->step);
}

static void write_cell(Enc *e, Value v) {
    head(e, K_CELL);
    ref(e, ((Cell *)v)->contents);
}

static void write_func(Enc *e, Value v) {
    Func *f = (Func *)v;
    head(e, K_FUNC);
    ref(e, (Value)f->code);
    ref(e, (Value)f->globals);
    ref(e, (Value)f->defaults);
    ref(e, (Value)f->kwdefaults);
    ref(e, (Value)f->closure);
    ref(e, (Value)f->name);
    ref(e, (Value)f->qualname);
    ref(e, (Value)f->dict);
    ref(e, f->module);
    ref(e, f->doc);
}

static void write_builtin(Enc *e, Value v) {
    Builtin *b = (Builtin *)v;
    if (builtin_lookup(b->name) == VAL_NULL) {
        err_format(fmt_pickling_error, "cannot pickle builtin '%s': it is not registered", b->name);
        return fail(e);
    }
    head(e, K_BUILTIN);
    put_cstr(e, b->name);
    ref(e, b->self);
}

static void write_method(Enc *e, Value v) {
    head(e, K_METHOD);
    ref(e, ((BoundMethod *)v)->func);
    ref(e, ((BoundMethod *)v)->self);
}

static void write_property(Enc *e, Value v) {
    Property *p = (Property *)v;
    head(e, K_PROPERTY);
    ref(e, p->fget);
    ref(e, p->fset);
    ref(e, p->fdel);
    ref(e, p->doc);
}

static void write_classmethod(Enc *e, Value v) {
    head(e, val_type(v) == &ClassMethodType ? K_CLASSMETHOD : K_STATICMETHOD);
    ref(e, ((ClassMethod *)v)->func);
}

static void write_traceback(Enc *e, Value v) {
    Traceback *tb = (Traceback *)v;
    head(e, K_TRACEBACK);
    ref(e, (Value)tb->next);
    ref(e, (Value)tb->frame);
    put_int(e, tb->ip);
    put_int(e, tb->line);
}

static void write_list_iter(Enc *e, Value v) {
    ListIter *it = (ListIter *)v;
    head(e, val_type(v) == &ListIterType ? K_LIST_ITER : K_LIST_REV_ITER);
    ref(e, (Value)it->list);
    put_int(e, it->index);
}

static void write_tuple_iter(Enc *e, Value v) {
    TupleIter *it = (TupleIter *)v;
    head(e, K_TUPLE_ITER);
    ref(e, (Value)it->tuple);
    put_int(e, it->index);
}

static void write_range_iter(Enc *e, Value v) {
    RangeIter *it = (RangeIter *)v;
    head(e, K_RANGE_ITER);
    put_int(e, it->next);
    put_int(e, it->step);
    put_int(e, it->remaining);
}

static void write_str_iter(Enc *e, Value v) {
    StrIter *it = (StrIter *)v;
    head(e, K_STR_ITER);
    ref(e, (Value)it->str);
    put_int(e, it->pos);
}

static void write_bytes_iter(Enc *e, Value v) {
    BytesIter *it = (BytesIter *)v;
    head(e, K_BYTES_ITER);
    ref(e, (Value)it->bytes);
    put_int(e, it->index);
}

// Any of the six dict iterators; the variant is the type's name.
static void write_dict_iter(Enc *e, Value v) {
    DictIter *it = (DictIter *)v;
    head(e, K_DICT_ITER);
    put_cstr(e, val_type(v)->name);
    ref(e, (Value)it->dict);
    put_int(e, it->used);
    put_int(e, it->dict ? dict_iter_consumed(it) : 0);
}

static void write_set_iter(Enc *e, Value v) {
    SetIter *it = (SetIter *)v;
    if (it->set && !set_is_portable(it->set)) {
        // As CPython does: an iterator over the items not produced yet.
        int64_t n = 0;
        for (int64_t i = it->pos; i <= it->set->mask; i++) {
            Value k = it->set->table[i].key;
            if (k && k != (Value)&SET_DUMMY_OBJ) n++;
        }
        List *rest = (List *)keep(e, (Value)list_new(n));
        for (int64_t i = it->pos; i <= it->set->mask; i++) {
            Value k = it->set->table[i].key;
            if (k && k != (Value)&SET_DUMMY_OBJ) list_append(rest, k);
        }
        head(e, K_LIST_ITER);
        ref(e, (Value)rest);
        put_int(e, 0);
        return;
    }
    head(e, K_SET_ITER);
    ref(e, (Value)it->set);
    put_int(e, it->used);
    put_int(e, it->pos);
    put_int(e, it->remaining);
}

// keys(), values() or items() of a dict; the variant is the type's name.
static void write_dict_view(Enc *e, Value v) {
    head(e, K_DICT_VIEW);
    put_cstr(e, val_type(v)->name);
    ref(e, (Value)((DictView *)v)->dict);
}

static void write_enumerate(Enc *e, Value v) {
    head(e, K_ENUMERATE);
    ref(e, ((Enumerate *)v)->it);
    put_int(e, ((Enumerate *)v)->count);
}

static void write_zip(Enc *e, Value v) {
    head(e, K_ZIP);
    ref(e, (Value)((Zip *)v)->its);
}

static void write_map(Enc *e, Value v) {
    head(e, K_MAP);
    ref(e, ((MapIter *)v)->func);
    ref(e, (Value)((MapIter *)v)->its);
}

static void write_filter(Enc *e, Value v) {
    head(e, K_FILTER);
    ref(e, ((FilterIter *)v)->func);
    ref(e, ((FilterIter *)v)->it);
}

static void write_reversed(Enc *e, Value v) {
    head(e, K_REVERSED);
    ref(e, ((RevIter *)v)->seq);
    put_int(e, ((RevIter *)v)->index);
}

static void write_call_iter(Enc *e, Value v) {
    head(e, K_CALL_ITER);
    ref(e, ((CallIter *)v)->func);
    ref(e, ((CallIter *)v)->sentinel);
}

static void write_seq_iter(Enc *e, Value v) {
    head(e, K_SEQ_ITER);
    ref(e, ((SeqIter *)v)->seq);
    put_int(e, ((SeqIter *)v)->index);
}

static void write_super(Enc *e, Value v) {
    head(e, K_SUPER);
    ref(e, (Value)((Super *)v)->cls);
    ref(e, ((Super *)v)->self);
}

static void write_generic_alias(Enc *e, Value v) {
    head(e, K_GENERIC_ALIAS);
    ref(e, ((GenericAlias *)v)->origin);
    ref(e, (Value)((GenericAlias *)v)->args);
}

static void write_exception(Enc *e, Value v) {
    Exc *x = (Exc *)v;
    head(e, K_EXCEPTION);
    ref(e, (Value)val_type(v));
    ref(e, (Value)x->dict);
    ref(e, (Value)x->args);
    ref(e, x->traceback);
    ref(e, x->cause);
    ref(e, x->context);
    put_bool(e, x->suppress_context);
    ref(e, x->value);
}

static void write_instance(Enc *e, Value v) {
    head(e, K_INSTANCE);
    ref(e, (Value)val_type(v));
    ref(e, (Value)((Instance *)v)->dict);
}

// ---- one record --------------------------------------------------------------------------

typedef void (*Writer)(Enc *e, Value v);

// The writer of each builtin type, by exact type (subclasses are not
// these types: write_other sees them).
static const struct {
    Type *type;
    Writer write;
} exact_writers[] = {
    {&NoneType, write_none},
    {&BoolType, write_bool},
    {&EllipsisType, write_ellipsis},
    {&NotImplType, write_notimpl},
    {&IntType, write_int},
    {&FloatType, write_float},
    {&StrType, write_str},
    {&BytesType, write_bytes},
    {&TupleType, write_tuple},
    {&ListType, write_list},
    {&DictType, write_dict_or_module_dict},
    {&SetType, write_set},
    {&FrozenSetType, write_set},
    {&RangeType, write_range},
    {&SliceType, write_slice},
    {&CellType, write_cell},
    {&CodeType, write_code},
    {&FuncType, write_func},
    {&BuiltinType, write_builtin},
    {&BoundMethodType, write_method},
    {&PropertyType, write_property},
    {&ClassMethodType, write_classmethod},
    {&StaticMethodType, write_classmethod},
    {&TypeType, write_type},
    {&ModuleType, write_module},
    {&TracebackType, write_traceback},
    {&FrameType, write_frame},
    {&GeneratorType, write_generator},
    {&HelperType, write_helper},
    {&ListIterType, write_list_iter},
    {&ListRevIterType, write_list_iter},
    {&TupleIterType, write_tuple_iter},
    {&RangeIterType, write_range_iter},
    {&StrIterType, write_str_iter},
    {&BytesIterType, write_bytes_iter},
    {&DictKeyIterType, write_dict_iter},
    {&DictValueIterType, write_dict_iter},
    {&DictItemIterType, write_dict_iter},
    {&DictRevKeyIterType, write_dict_iter},
    {&DictRevValueIterType, write_dict_iter},
    {&DictRevItemIterType, write_dict_iter},
    {&SetIterType, write_set_iter},
    {&DictKeysType, write_dict_view},
    {&DictValuesType, write_dict_view},
    {&DictItemsType, write_dict_view},
    {&EnumerateType, write_enumerate},
    {&ZipType, write_zip},
    {&MapType, write_map},
    {&FilterType, write_filter},
    {&ReversedType, write_reversed},
    {&CallIterType, write_call_iter},
    {&SeqIterType, write_seq_iter},
    {&SuperType, write_super},
    {&GenericAliasType, write_generic_alias},
};

#define NEXACT (sizeof exact_writers / sizeof exact_writers[0])
#define WRITER_BITS 7
#define WRITER_SLOTS (1 << WRITER_BITS)
_Static_assert(WRITER_SLOTS >= 2 * NEXACT, "writer table too small");

// exact_writers hashed by type (open addressing), filled on first use.
static struct {
    Type *type;
    Writer write;
} writer_table[WRITER_SLOTS];

static size_t writer_slot(const Type *t) {
    return (size_t)(((uint64_t)(uintptr_t)t * 0x9E3779B97F4A7C15ull) >> (64 - WRITER_BITS));
}

static void writer_table_fill(void) {
    static bool filled;
    if (filled) return;
    filled = true;
    for (size_t i = 0; i < NEXACT; i++) {
        size_t j = writer_slot(exact_writers[i].type);
        while (writer_table[j].type) j = (j + 1) & (WRITER_SLOTS - 1);
        writer_table[j].type = exact_writers[i].type;
        writer_table[j].write = exact_writers[i].write;
    }
}

// The writer of exact type [t], or NULL.
static Writer writer_of(const Type *t) {
    for (size_t j = writer_slot(t);; j = (j + 1) & (WRITER_SLOTS - 1)) {
        if (writer_table[j].type == t) return writer_table[j].write;
        if (!writer_table[j].type) return NULL;
    }
}

// Objects of the other types: tasklets, channels, exceptions and instances
// of plain classes (subclasses included), else unpicklable.
static void write_other(Enc *e, Value v) {
    Type *t = val_type(v);
    if (type_is_subtype(t, &TaskletType))
        write_tasklet(e, v);
    else if (type_is_subtype(t, &ChannelType))
        write_channel(e, v);
    else if (t->flags & TF_EXCEPTION)
        write_exception(e, v);
    else if ((t->flags & TF_HEAPTYPE) && t->inst_size == sizeof(Instance) &&
             type_is_subtype(t, &ObjectType) && t->tp_new == ObjectType.tp_new)
        write_instance(e, v);
    else
        cannot(e, v);
}

// Write the record of the object queued as [key].
static void write_record(Enc *e, uintptr_t key) {
    if (e->flags.scheduler && key == e->m.queue[0]) return write_scheduler(e, (Tuple *)key);
    if ((key & 3) == KEY_CONTENTS) return write_dict(e, (Dict *)(key & ~KEY_CONTENTS));
    Value v = (Value)key;
    if (val_is_small(v)) {
        head(e, K_INT);
        return put_int(e, val_small(v));
    }
    Writer w = writer_of(v->type);
    if (w) return w(e, v);
    write_other(e, v);
}

// ---- entry point ----------------------------------------------------------------------------

// Take the spare scratch memory if no other encoding has it (fmt_encode
// runs no Python code, so it is not re-entered in practice; if it were, the
// inner call would work in memory of its own).
static void enc_begin(Enc *e, Value root, const EncFlags *flags) {
    memset(e, 0, sizeof *e);
    e->root = root;
    e->flags = *flags;
    if (!spare_in_use) {
        spare_in_use = true;
        e->owns_spare = true;
        e->m = spare;
    }
}

// Give the scratch memory back emptied (bounded in size), or free it.
static void enc_end(Enc *e) {
    Scratch *m = &e->m;
    idmap_clear(&m->ids);
    idmap_clear(&m->live);
    if (!e->owns_spare || mpw_capacity(&m->out) > SCRATCH_KEEP_MAX) mpw_free(&m->out);
    if (!e->owns_spare || m->ids.cap * sizeof(IdSlot) > SCRATCH_KEEP_MAX) idmap_free(&m->ids);
    if (!e->owns_spare || m->live.cap * sizeof(IdSlot) > SCRATCH_KEEP_MAX) idmap_free(&m->live);
    if (!e->owns_spare || m->capqueue * sizeof(uintptr_t) > SCRATCH_KEEP_MAX) {
        free(m->queue);
        m->queue = NULL;
        m->capqueue = 0;
    }
    if (e->owns_spare) {
        spare = *m;
        spare_in_use = false;
    }
}

// The records of the running chain: frames whose value stack is in C
// registers right now. False on out of memory.
static bool collect_live(Enc *e) {
    int64_t guard = 0;
    for (Value r = vm.top; r && guard < 100000000; guard++) {
        if (!idmap_put(&e->m.live, (uintptr_t)r, 0)) return false;
        r = rec_back(r);
    }
    return true;
}

// The top level up to the root (SPEC.md section 1): the same for every
// pickle of this process, built once. NULL on out of memory.
static const MpWriter *header(void) {
    static MpWriter h;
    if (h.base) return &h;
#if defined(__x86_64__)
    const char *arch = "x86_64";
#elif defined(__aarch64__)
    const char *arch = "aarch64";
#else
    const char *arch = "unknown";
#endif
    const char *info[6] = {"strategy", vm_driver_name, "arch",
                           arch,       "build",        __DATE__ " " __TIME__};
    if (!mpw_reset(&h, 0)) return NULL;
    mpw_array(&h, 6);
    mpw_str(&h, FMT_MAGIC, 4);
    mpw_uint(&h, FMT_VERSION);
    mpw_uint(&h, fmt_bytecode_version());
    mpw_map(&h, 3);
    for (int i = 0; i < 6; i++) mpw_str(&h, info[i], strlen(info[i]));
    if (h.failed) {
        mpw_free(&h);
        return NULL;
    }
    return &h;
}

// The room fmt_encode keeps before the records for what precedes them: the
// header, the root and the object table's array header.
static size_t prefix_room(const MpWriter *h) {
    return (size_t)(h->pos - h->base) + 1 + MPW_ITEM_MAX;
}

// Write the prefix right before the records, which start [room] bytes into
// the buffer, and return the whole pickle as bytes (one copy).
static Value finish(Enc *e, const MpWriter *h, size_t room) {
    uint8_t arr[MPW_ITEM_MAX];
    size_t narr = (size_t)(mpw_put_array(arr, e->nqueue) - arr);
    size_t nh = (size_t)(h->pos - h->base);
    uint8_t *start = e->m.out.base + room - narr - 1 - nh;
    memcpy(start, h->base, nh);
    start[nh] = 0; // the root is object 0
    memcpy(start + nh + 1, arr, narr);
    return bytes_from_raw(start, (int64_t)(e->m.out.pos - start));
}

Value fmt_dumps(Value root) {
    EncFlags flags = {0};
    return fmt_encode(root, &flags, NULL, NULL);
}

Value fmt_dumps_scheduler(const FmtScheduler *s) {
    EncFlags flags = {.scheduler = s};
    // Every tasklet is switched out: no record is running now. Object 0
    // stands for the scheduler record (write_record).
    Value saved_top = vm.top;
    vm.top = VAL_NULL;
    Value r = fmt_encode((Value)tuple_pack(2, s->main, s->next), &flags, NULL, NULL);
    vm.top = saved_top;
    return r;
}

Value fmt_encode(Value root, const EncFlags *flags, Value **table, size_t *n) {
    writer_table_fill();
    const MpWriter *h = header();
    if (!h) return err_raise((Value)&MemoryErrorType);
    Enc e;
    enc_begin(&e, root, flags);
    size_t room = prefix_room(h);
    if (!modindex_update(&modindex) || !collect_live(&e) || !idmap_ready(&e.m.ids) ||
        !mpw_reset(&e.m.out, room))
        no_memory(&e);
    else
        id_of(&e, (uintptr_t)root);
    for (size_t i = 0; i < e.nqueue && !e.failed; i++) write_record(&e, e.m.queue[i]);
    if (e.m.out.failed) no_memory(&e);
    Value r = e.failed ? VAL_NULL : finish(&e, h, room);
    if (r && table) {
        *table = gc_alloc(sizeof(Value) * e.nqueue);
        for (size_t i = 0; i < e.nqueue; i++)
            (*table)[i] = (e.m.queue[i] & 3) == KEY_CONTENTS ? (Value)(e.m.queue[i] & ~KEY_CONTENTS)
                                                             : (Value)e.m.queue[i];
        *n = e.nqueue;
    }
    enc_end(&e);
    return r;
}
