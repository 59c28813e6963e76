// encode.c — the encoder of the frame format (SPEC.md): walks the object
// graph from a root breadth-first without C recursion, gives every object
// an id on first sight and writes one record per object, in id order.
// Reads only: pickling never changes the objects it pickles.
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

#include <msgpack.h>
#include <string.h>

// ---- object -> id map (open addressing; keys are Values or tagged keys) -------------

typedef struct {
    uintptr_t *keys; // 0: empty
    uint32_t *ids;
    size_t cap, count;
} IdMap;

static size_t slot_of(uintptr_t k, size_t cap) {
    uint64_t h = (uint64_t)k * 0x9E3779B97F4A7C15ull;
    return (size_t)(h >> 17) & (cap - 1);
}

static void idmap_grow(IdMap *m) {
    size_t ncap = m->cap ? m->cap * 2 : 64;
    uintptr_t *nk = gc_alloc_atomic(ncap * sizeof(uintptr_t));
    uint32_t *ni = gc_alloc_atomic(ncap * sizeof(uint32_t));
    memset(nk, 0, ncap * sizeof(uintptr_t));
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->keys[i]) continue;
        size_t j = slot_of(m->keys[i], ncap);
        while (nk[j]) j = (j + 1) & (ncap - 1);
        nk[j] = m->keys[i];
        ni[j] = m->ids[i];
    }
    m->keys = nk;
    m->ids = ni;
    m->cap = ncap;
}

// The id of [k], or -1.
static int64_t idmap_get(IdMap *m, uintptr_t k) {
    if (!m->cap) return -1;
    size_t j = slot_of(k, m->cap);
    while (m->keys[j]) {
        if (m->keys[j] == k) return m->ids[j];
        j = (j + 1) & (m->cap - 1);
    }
    return -1;
}

static void idmap_put(IdMap *m, uintptr_t k, uint32_t id) {
    if ((m->count + 1) * 2 > m->cap) idmap_grow(m);
    size_t j = slot_of(k, m->cap);
    while (m->keys[j]) j = (j + 1) & (m->cap - 1);
    m->keys[j] = k;
    m->ids[j] = id;
    m->count++;
}

// ---- the encoder --------------------------------------------------------------------

// A queued object: a Value, or (KEY_CONTENTS bit set) the stored contents of
// the module whose dict this is.
#define KEY_CONTENTS ((uintptr_t)2)

typedef struct {
    msgpack_sbuffer buf; // the records
    msgpack_packer pk;
    IdMap ids;
    uintptr_t *queue; // key of every object, in id order (scanned: keeps them alive)
    size_t nqueue, capqueue;
    IdMap module_dicts; // dict -> index into modules (+1)
    Module **modules;
    IdMap live; // records of the current tasklet's chain (running now)
    EncFlags flags;
    bool failed;
} Enc;

static uint32_t enqueue(Enc *e, uintptr_t key) {
    if (e->nqueue == e->capqueue) {
        size_t ncap = e->capqueue ? e->capqueue * 2 : 256;
        uintptr_t *nq = gc_alloc(ncap * sizeof(uintptr_t));
        if (e->nqueue) memcpy(nq, e->queue, e->nqueue * sizeof(uintptr_t));
        e->queue = nq;
        e->capqueue = ncap;
    }
    uint32_t id = (uint32_t)e->nqueue;
    e->queue[e->nqueue++] = key;
    idmap_put(&e->ids, key, id);
    return id;
}

static uint32_t id_of(Enc *e, uintptr_t key) {
    int64_t id = idmap_get(&e->ids, key);
    return id >= 0 ? (uint32_t)id : enqueue(e, key);
}

// Write a reference to [v] (nil for VAL_NULL).
static void ref(Enc *e, Value v) {
    if (!v) {
        msgpack_pack_nil(&e->pk);
        return;
    }
    msgpack_pack_uint32(&e->pk, id_of(e, (uintptr_t)v));
}

static void refs(Enc *e, const Value *v, int64_t n) {
    msgpack_pack_array(&e->pk, (size_t)n);
    for (int64_t i = 0; i < n; i++) ref(e, v[i]);
}

static void pk_str(Enc *e, const char *s, size_t n) {
    msgpack_pack_str(&e->pk, n);
    msgpack_pack_str_body(&e->pk, s, n);
}

static void pk_cstr(Enc *e, const char *s) {
    pk_str(e, s, strlen(s));
}

static void pk_bool(Enc *e, bool b) {
    if (b)
        msgpack_pack_true(&e->pk);
    else
        msgpack_pack_false(&e->pk);
}

static void pk_bin(Enc *e, const void *p, size_t n) {
    msgpack_pack_bin(&e->pk, n);
    msgpack_pack_bin_body(&e->pk, p, n);
}

// Start record of [kind] (its field count comes from kinds.def).
static void head(Enc *e, Kind k) {
    msgpack_pack_array(&e->pk, 1 + strlen(fmt_kinds[k].shape));
    msgpack_pack_uint8(&e->pk, (uint8_t)k);
}

static void fail(Enc *e) {
    e->failed = true;
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

static void write_code(Enc *e, Code *c) {
    uint64_t hash = fmt_code_hash(c);
    if (!hash && err_occurred()) {
        fail(e);
        return;
    }
    head(e, K_CODE);
    ref(e, (Value)c->name);
    ref(e, (Value)c->qualname);
    ref(e, (Value)c->filename);
    msgpack_pack_int64(&e->pk, c->firstlineno);
    msgpack_pack_int64(&e->pk, c->argcount);
    msgpack_pack_int64(&e->pk, c->posonlyargcount);
    msgpack_pack_int64(&e->pk, c->kwonlyargcount);
    msgpack_pack_int64(&e->pk, c->nlocals);
    msgpack_pack_int64(&e->pk, c->ncells);
    msgpack_pack_int64(&e->pk, c->nfrees);
    msgpack_pack_int64(&e->pk, c->stacksize);
    msgpack_pack_uint32(&e->pk, c->flags);
    size_t n = (size_t)c->ninstrs;
    uint8_t *b = gc_alloc_atomic(n * 16 + 8);
    for (size_t i = 0; i < n; i++) put_le32(b + 4 * i, c->instrs[i]);
    pk_bin(e, b, n * 4);
    for (size_t i = 0; i < n; i++) {
        CodePos *p = &c->positions[i];
        put_le32(b + 16 * i, (uint32_t)p->line);
        put_le32(b + 16 * i + 4, (uint32_t)p->end_line);
        put_le32(b + 16 * i + 8, (uint32_t)p->col);
        put_le32(b + 16 * i + 12, (uint32_t)p->end_col);
    }
    pk_bin(e, b, n * 16);
    msgpack_pack_array(&e->pk, (size_t)c->nexc * 5);
    for (int32_t i = 0; i < c->nexc; i++) {
        ExcEntry *x = &c->exctable[i];
        msgpack_pack_int64(&e->pk, x->start);
        msgpack_pack_int64(&e->pk, x->end);
        msgpack_pack_int64(&e->pk, x->target);
        msgpack_pack_int64(&e->pk, x->depth);
        msgpack_pack_int64(&e->pk, x->lasti);
    }
    ref(e, (Value)c->consts);
    ref(e, (Value)c->names);
    ref(e, (Value)c->varnames);
    ref(e, (Value)c->cellvars);
    ref(e, (Value)c->freevars);
    uint8_t hb[8];
    for (int i = 0; i < 8; i++) hb[i] = (uint8_t)(hash >> (8 * i));
    pk_bin(e, hb, 8);
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
    msgpack_pack_array(&e->pk, (size_t)d->used * 2);
    int64_t nuser = 0;
    for (int64_t i = 0; i < d->nentries; i++) {
        DictEntry *en = &d->entries[i];
        if (!en->key) continue;
        ref(e, en->key);
        ref(e, en->value);
        if (user_hash(en->key)) nuser++;
    }
    msgpack_pack_array(&e->pk, (size_t)nuser * 2);
    int64_t k = 0;
    for (int64_t i = 0; i < d->nentries; i++) {
        DictEntry *en = &d->entries[i];
        if (!en->key) continue;
        if (user_hash(en->key)) {
            msgpack_pack_int64(&e->pk, k);
            msgpack_pack_int64(&e->pk, en->hash);
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

static void write_set(Enc *e, Set *s) {
    head(e, K_SET);
    pk_bool(e, val_type((Value)s) == &FrozenSetType);
    if (set_is_portable(s)) {
        // The exact table layout: iteration order and iterator positions survive.
        msgpack_pack_int64(&e->pk, s->mask);
        msgpack_pack_int64(&e->pk, val_type((Value)s) == &FrozenSetType ? 0 : s->hash);
        msgpack_pack_array(&e->pk, (size_t)s->mask + 1);
        int64_t ndummy = 0;
        for (int64_t i = 0; i <= s->mask; i++) {
            Value k = s->table[i].key;
            if (k == (Value)&SET_DUMMY_OBJ) {
                ndummy++;
                k = VAL_NULL;
            }
            ref(e, k);
        }
        msgpack_pack_array(&e->pk, (size_t)ndummy);
        for (int64_t i = 0; i <= s->mask; i++)
            if (s->table[i].key == (Value)&SET_DUMMY_OBJ) msgpack_pack_int64(&e->pk, i);
        msgpack_pack_array(&e->pk, 0);
        return;
    }
    // Keys hashed by identity or by a user __hash__: the items in iteration
    // order, rebuilt by insertion (user hashes stored).
    msgpack_pack_int64(&e->pk, -1);
    msgpack_pack_int64(&e->pk, 0);
    msgpack_pack_array(&e->pk, (size_t)s->used);
    int64_t pos = 0, nuser = 0;
    Value k;
    while (set_next(s, &pos, &k)) {
        ref(e, k);
        if (user_hash(k)) nuser++;
    }
    msgpack_pack_array(&e->pk, 0);
    msgpack_pack_array(&e->pk, (size_t)nuser * 2);
    pos = 0;
    int64_t i = 0;
    for (int64_t j = 0; j <= s->mask; j++) {
        Value key = s->table[j].key;
        if (!key || key == (Value)&SET_DUMMY_OBJ) continue;
        if (user_hash(key)) {
            msgpack_pack_int64(&e->pk, i);
            msgpack_pack_int64(&e->pk, s->table[j].hash);
        }
        i++;
    }
}

// ---- frames, helpers, tasklets ---------------------------------------------------------

static void write_frame(Enc *e, Frame *f) {
    Code *c = f->code;
    bool live = idmap_get(&e->live, (uintptr_t)f) >= 0;
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
    msgpack_pack_int64(&e->pk, f->ip);
    int32_t sp = live ? 0 : f->sp;
    msgpack_pack_int64(&e->pk, sp);
    refs(e, f->slots, (int64_t)c->nlocals + c->ncells + c->nfrees + sp);
}

static void write_generator(Enc *e, Generator *g) {
    if (g->state == GEN_RUNNING && g->frame && idmap_get(&e->live, (uintptr_t)g->frame) >= 0) {
        err_format(fmt_pickling_error, "cannot pickle a generator that is running");
        fail(e);
        return;
    }
    head(e, K_GENERATOR);
    ref(e, (Value)g->frame);
    ref(e, (Value)g->name);
    ref(e, (Value)g->qualname);
    pk_cstr(e, fmt_gen_states[g->state & 3]);
    ref(e, g->exc_info);
}

static void write_helper(Enc *e, Helper *h) {
    if (idmap_get(&e->live, (uintptr_t)h) >= 0) {
        err_format(fmt_pickling_error, "cannot pickle the running helper '%s'", h->def->name);
        fail(e);
        return;
    }
    if (!helper_lookup(h->def->name)) {
        err_format(fmt_pickling_error, "cannot pickle helper '%s': it is not registered",
                   h->def->name);
        fail(e);
        return;
    }
    head(e, K_HELPER);
    pk_cstr(e, h->def->name);
    pk_cstr(e, h->def->labels[h->label]);
    int rk = h->req_kind >= 0 && h->req_kind < 7 ? h->req_kind : 0;
    pk_cstr(e, fmt_requests[rk]);
    // A switch request has been carried out: its target is not state.
    ref(e, rk == HS_SWITCH ? VAL_NULL : h->req_fn);
    ref(e, (Value)h->req_args);
    ref(e, (Value)h->req_kwargs);
    ref(e, h->back);
    refs(e, h->fields, h->def->nfields);
}

static void write_tasklet(Enc *e, Tasklet *t) {
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
    msgpack_pack_uint8(&e->pk, t->state);
    pk_bool(e, t->atomic);
    pk_bool(e, t->block_trap);
    pk_bool(e, t->started);
    pk_bool(e, t->is_main);
    ref(e, t->tempval);
    ref(e, t->send_exc);
    pk_cstr(e, t->resume == RESUME_CONTINUE ? "continue" : "deliver");
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
    msgpack_pack_int64(&e->pk, s->recursion_limit);
    msgpack_pack_int64(&e->pk, s->timeout);
    msgpack_pack_int64(&e->pk, s->total_left);
    pk_bool(e, s->totaltimeout);
    pk_bool(e, s->main_in_run);
}

static void write_channel(Enc *e, Channel *c) {
    head(e, K_CHANNEL);
    ref(e, (Value)c->obj.type);
    ref(e, (Value)c->dict);
    msgpack_pack_int64(&e->pk, c->balance);
    msgpack_pack_int64(&e->pk, c->preference);
    pk_bool(e, c->schedule_all);
    pk_bool(e, c->closing);
    int64_t n = 0;
    Tasklet *t = c->head;
    if (t) do {
            n++;
            t = t->next;
        } while (t != c->head && n < INT32_MAX);
    msgpack_pack_array(&e->pk, (size_t)n);
    t = c->head;
    for (int64_t i = 0; i < n; i++, t = t->next) ref(e, (Value)t);
}

// ---- classes, modules ----------------------------------------------------------------

static void write_type(Enc *e, Type *t) {
    if (!(t->flags & TF_HEAPTYPE)) {
        head(e, K_TYPE_REF);
        pk_cstr(e, t->name);
        return;
    }
    head(e, K_CLASS);
    ref(e, (Value)t->name_str);
    ref(e, (Value)t->qualname);
    ref(e, (Value)tuple_pack(1, (Value)t->base));
    ref(e, (Value)t->dict);
}

static void write_module(Enc *e, Module *m) {
    head(e, K_MODULE);
    pk_str(e, m->name->data, (size_t)m->name->len);
    Value file = dict_get_str(m->dict, str_intern_cstr("__file__"));
    if (file && val_is(file, &StrType)) {
        ref(e, file);
        // Pickle-everywhere: modules by reference (they stay as they are).
        if (e->flags.world)
            msgpack_pack_nil(&e->pk);
        else
            msgpack_pack_uint32(&e->pk, id_of(e, (uintptr_t)m->dict | KEY_CONTENTS));
    } else {
        msgpack_pack_nil(&e->pk); // a builtin module: by name
        msgpack_pack_nil(&e->pk);
    }
}

// ---- one record --------------------------------------------------------------------------

static void write_record(Enc *e, uintptr_t key) {
    if (e->flags.scheduler && key == e->queue[0]) {
        write_scheduler(e, (Tuple *)key);
        return;
    }
    if ((key & 3) == KEY_CONTENTS) {
        write_dict(e, (Dict *)(key & ~KEY_CONTENTS));
        return;
    }
    Value v = (Value)key;
    if (val_is_small(v)) {
        head(e, K_INT);
        msgpack_pack_int64(&e->pk, val_small(v));
        return;
    }
    Type *t = v->type;
    if (t == &NoneType) return head(e, K_NONE);
    if (t == &BoolType) return head(e, v == VAL_TRUE ? K_TRUE : K_FALSE);
    if (t == &EllipsisType) return head(e, K_ELLIPSIS);
    if (t == &NotImplType) return head(e, K_NOTIMPL);
    if (t == &IntType) {
        head(e, K_INT);
        msgpack_pack_int64(&e->pk, ((Int *)v)->value);
    } else if (t == &FloatType) {
        head(e, K_FLOAT);
        msgpack_pack_double(&e->pk, ((Float *)v)->value);
    } else if (t == &StrType) {
        head(e, K_STR);
        pk_str(e, ((Str *)v)->data, (size_t)((Str *)v)->len);
    } else if (t == &BytesType) {
        head(e, K_BYTES);
        pk_bin(e, ((Bytes *)v)->data, (size_t)((Bytes *)v)->len);
    } else if (t == &TupleType) {
        head(e, K_TUPLE);
        refs(e, ((Tuple *)v)->items, ((Tuple *)v)->len);
    } else if (t == &ListType) {
        head(e, K_LIST);
        refs(e, ((List *)v)->items, ((List *)v)->len);
    } else if (t == &DictType) {
        int64_t mi = idmap_get(&e->module_dicts, key);
        if (mi >= 0) {
            head(e, K_MODULE_DICT);
            ref(e, (Value)e->modules[mi]);
        } else {
            write_dict(e, (Dict *)v);
        }
    } else if (t == &SetType || t == &FrozenSetType) {
        write_set(e, (Set *)v);
    } else if (t == &RangeType) {
        Range *r = (Range *)v;
        head(e, K_RANGE);
        msgpack_pack_int64(&e->pk, r->start);
        msgpack_pack_int64(&e->pk, r->stop);
        msgpack_pack_int64(&e->pk, r->step);
    } else if (t == &SliceType) {
        Slice *s = (Slice *)v;
        head(e, K_SLICE);
        ref(e, s->start);
        ref(e, s->stop);
        ref(e, s->step);
    } else if (t == &CellType) {
        head(e, K_CELL);
        ref(e, ((Cell *)v)->contents);
    } else if (t == &CodeType) {
        write_code(e, (Code *)v);
    } else if (t == &FuncType) {
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
    } else if (t == &BuiltinType) {
        Builtin *b = (Builtin *)v;
        if (builtin_lookup(b->name) == VAL_NULL) {
            err_format(fmt_pickling_error, "cannot pickle builtin '%s': it is not registered",
                       b->name);
            return fail(e);
        }
        head(e, K_BUILTIN);
        pk_cstr(e, b->name);
        ref(e, b->self);
    } else if (t == &BoundMethodType) {
        head(e, K_METHOD);
        ref(e, ((BoundMethod *)v)->func);
        ref(e, ((BoundMethod *)v)->self);
    } else if (t == &PropertyType) {
        Property *p = (Property *)v;
        head(e, K_PROPERTY);
        ref(e, p->fget);
        ref(e, p->fset);
        ref(e, p->fdel);
        ref(e, p->doc);
    } else if (t == &ClassMethodType || t == &StaticMethodType) {
        head(e, t == &ClassMethodType ? K_CLASSMETHOD : K_STATICMETHOD);
        ref(e, ((ClassMethod *)v)->func);
    } else if (t == &TypeType) {
        write_type(e, (Type *)v);
    } else if (t == &ModuleType) {
        write_module(e, (Module *)v);
    } else if (t == &TracebackType) {
        Traceback *tb = (Traceback *)v;
        head(e, K_TRACEBACK);
        ref(e, (Value)tb->next);
        ref(e, (Value)tb->frame);
        msgpack_pack_int64(&e->pk, tb->ip);
        msgpack_pack_int64(&e->pk, tb->line);
    } else if (t == &FrameType) {
        write_frame(e, (Frame *)v);
    } else if (t == &GeneratorType) {
        write_generator(e, (Generator *)v);
    } else if (t == &HelperType) {
        write_helper(e, (Helper *)v);
    } else if (t == &ListIterType || t == &ListRevIterType) {
        ListIter *it = (ListIter *)v;
        head(e, t == &ListIterType ? K_LIST_ITER : K_LIST_REV_ITER);
        ref(e, (Value)it->list);
        msgpack_pack_int64(&e->pk, it->index);
    } else if (t == &TupleIterType) {
        TupleIter *it = (TupleIter *)v;
        head(e, K_TUPLE_ITER);
        ref(e, (Value)it->tuple);
        msgpack_pack_int64(&e->pk, it->index);
    } else if (t == &RangeIterType) {
        RangeIter *it = (RangeIter *)v;
        head(e, K_RANGE_ITER);
        msgpack_pack_int64(&e->pk, it->next);
        msgpack_pack_int64(&e->pk, it->step);
        msgpack_pack_int64(&e->pk, it->remaining);
    } else if (t == &StrIterType) {
        StrIter *it = (StrIter *)v;
        head(e, K_STR_ITER);
        ref(e, (Value)it->str);
        msgpack_pack_int64(&e->pk, it->pos);
    } else if (t == &BytesIterType) {
        BytesIter *it = (BytesIter *)v;
        head(e, K_BYTES_ITER);
        ref(e, (Value)it->bytes);
        msgpack_pack_int64(&e->pk, it->index);
    } else if (t == &DictKeyIterType || t == &DictValueIterType || t == &DictItemIterType ||
               t == &DictRevKeyIterType || t == &DictRevValueIterType ||
               t == &DictRevItemIterType) {
        DictIter *it = (DictIter *)v;
        head(e, K_DICT_ITER);
        pk_cstr(e, t->name);
        ref(e, (Value)it->dict);
        msgpack_pack_int64(&e->pk, it->used);
        msgpack_pack_int64(&e->pk, it->dict ? dict_iter_consumed(it) : 0);
    } else if (t == &SetIterType) {
        SetIter *it = (SetIter *)v;
        if (it->set && !set_is_portable(it->set)) {
            // As CPython does: an iterator over the items not produced yet.
            int64_t n = 0;
            for (int64_t i = it->pos; i <= it->set->mask; i++) {
                Value k = it->set->table[i].key;
                if (k && k != (Value)&SET_DUMMY_OBJ) n++;
            }
            List *rest = list_new(n);
            for (int64_t i = it->pos; i <= it->set->mask; i++) {
                Value k = it->set->table[i].key;
                if (k && k != (Value)&SET_DUMMY_OBJ) list_append(rest, k);
            }
            head(e, K_LIST_ITER);
            ref(e, (Value)rest);
            msgpack_pack_int64(&e->pk, 0);
            return;
        }
        head(e, K_SET_ITER);
        ref(e, (Value)it->set);
        msgpack_pack_int64(&e->pk, it->used);
        msgpack_pack_int64(&e->pk, it->pos);
        msgpack_pack_int64(&e->pk, it->remaining);
    } else if (t == &DictKeysType || t == &DictValuesType || t == &DictItemsType) {
        head(e, K_DICT_VIEW);
        pk_cstr(e, t->name);
        ref(e, (Value)((DictView *)v)->dict);
    } else if (t == &EnumerateType) {
        head(e, K_ENUMERATE);
        ref(e, ((Enumerate *)v)->it);
        msgpack_pack_int64(&e->pk, ((Enumerate *)v)->count);
    } else if (t == &ZipType) {
        head(e, K_ZIP);
        ref(e, (Value)((Zip *)v)->its);
    } else if (t == &MapType) {
        head(e, K_MAP);
        ref(e, ((MapIter *)v)->func);
        ref(e, (Value)((MapIter *)v)->its);
    } else if (t == &FilterType) {
        head(e, K_FILTER);
        ref(e, ((FilterIter *)v)->func);
        ref(e, ((FilterIter *)v)->it);
    } else if (t == &ReversedType) {
        head(e, K_REVERSED);
        ref(e, ((RevIter *)v)->seq);
        msgpack_pack_int64(&e->pk, ((RevIter *)v)->index);
    } else if (t == &CallIterType) {
        head(e, K_CALL_ITER);
        ref(e, ((CallIter *)v)->func);
        ref(e, ((CallIter *)v)->sentinel);
    } else if (t == &SeqIterType) {
        head(e, K_SEQ_ITER);
        ref(e, ((SeqIter *)v)->seq);
        msgpack_pack_int64(&e->pk, ((SeqIter *)v)->index);
    } else if (t == &SuperType) {
        head(e, K_SUPER);
        ref(e, (Value)((Super *)v)->cls);
        ref(e, ((Super *)v)->self);
    } else if (t == &GenericAliasType) {
        head(e, K_GENERIC_ALIAS);
        ref(e, ((GenericAlias *)v)->origin);
        ref(e, (Value)((GenericAlias *)v)->args);
    } else if (type_is_subtype(t, &TaskletType)) {
        write_tasklet(e, (Tasklet *)v);
    } else if (type_is_subtype(t, &ChannelType)) {
        write_channel(e, (Channel *)v);
    } else if (t->flags & TF_EXCEPTION) {
        Exc *x = (Exc *)v;
        head(e, K_EXCEPTION);
        ref(e, (Value)t);
        ref(e, (Value)x->dict);
        ref(e, (Value)x->args);
        ref(e, x->traceback);
        ref(e, x->cause);
        ref(e, x->context);
        pk_bool(e, x->suppress_context);
        ref(e, x->value);
    } else if ((t->flags & TF_HEAPTYPE) && t->inst_size == sizeof(Instance) &&
               type_is_subtype(t, &ObjectType) && t->tp_new == ObjectType.tp_new) {
        head(e, K_INSTANCE);
        ref(e, (Value)t);
        ref(e, (Value)((Instance *)v)->dict);
    } else {
        cannot(e, v);
    }
}

// ---- entry point ----------------------------------------------------------------------------

static void collect_modules(Enc *e) {
    Dict *mods = vm.modules;
    e->modules = gc_alloc(sizeof(Module *) * (size_t)(mods->used + 2));
    int64_t pos = 0, n = 0;
    Value k, v;
    while (dict_next(mods, &pos, &k, &v)) {
        if (!val_is(v, &ModuleType)) continue;
        Module *m = (Module *)v;
        if (idmap_get(&e->module_dicts, (uintptr_t)m->dict) >= 0) continue;
        e->modules[n] = m;
        idmap_put(&e->module_dicts, (uintptr_t)m->dict, (uint32_t)n);
        n++;
    }
}

static void collect_live(Enc *e) {
    // The records of the running chain: frames whose value stack is in C
    // registers right now.
    int64_t guard = 0;
    for (Value r = vm.top; r && guard < 100000000; guard++) {
        idmap_put(&e->live, (uintptr_t)r, 0);
        r = rec_back(r);
    }
}

static int write_header(msgpack_packer *pk) {
    msgpack_pack_array(pk, 6);
    msgpack_pack_str(pk, 4);
    msgpack_pack_str_body(pk, FMT_MAGIC, 4);
    msgpack_pack_uint32(pk, FMT_VERSION);
    msgpack_pack_uint32(pk, fmt_bytecode_version());
    msgpack_pack_map(pk, 3);
    const char *keys[3] = {"strategy", "arch", "build"};
#if defined(__x86_64__)
    const char *arch = "x86_64";
#elif defined(__aarch64__)
    const char *arch = "aarch64";
#else
    const char *arch = "unknown";
#endif
    const char *vals[3] = {vm_driver_name, arch, __DATE__ " " __TIME__};
    for (int i = 0; i < 3; i++) {
        msgpack_pack_str(pk, strlen(keys[i]));
        msgpack_pack_str_body(pk, keys[i], strlen(keys[i]));
        msgpack_pack_str(pk, strlen(vals[i]));
        msgpack_pack_str_body(pk, vals[i], strlen(vals[i]));
    }
    return 0;
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
    Enc e;
    memset(&e, 0, sizeof e);
    e.flags = *flags;
    msgpack_sbuffer_init(&e.buf);
    msgpack_packer_init(&e.pk, &e.buf, msgpack_sbuffer_write);
    collect_modules(&e);
    collect_live(&e);
    enqueue(&e, (uintptr_t)root);
    for (size_t i = 0; i < e.nqueue && !e.failed; i++) write_record(&e, e.queue[i]);
    if (e.failed) {
        msgpack_sbuffer_destroy(&e.buf);
        return VAL_NULL;
    }
    msgpack_sbuffer out;
    msgpack_sbuffer_init(&out);
    msgpack_packer pk;
    msgpack_packer_init(&pk, &out, msgpack_sbuffer_write);
    write_header(&pk);
    msgpack_pack_uint32(&pk, 0); // the root is object 0
    msgpack_pack_array(&pk, e.nqueue);
    msgpack_sbuffer_write(&out, e.buf.data, e.buf.size);
    Value r = bytes_from_raw((const uint8_t *)out.data, (int64_t)out.size);
    msgpack_sbuffer_destroy(&out);
    msgpack_sbuffer_destroy(&e.buf);
    if (table) {
        *table = gc_alloc(sizeof(Value) * e.nqueue);
        for (size_t i = 0; i < e.nqueue; i++)
            (*table)[i] = (e.queue[i] & 3) == KEY_CONTENTS ? (Value)(e.queue[i] & ~KEY_CONTENTS)
                                                           : (Value)e.queue[i];
        *n = e.nqueue;
    }
    return r;
}
