// decode.c — the decoder and validator of the frame format (SPEC.md).
// A pickle is input from outside: every record is checked for shape, every
// reference for range and type, every code object by the bytecode
// verifier, every frame, generator, helper record and tasklet for a legal
// resume point, before the root is handed out. No Python code runs here.
//
// Phases: 1 parse and shape-check every record, allocate a shell object for
// each; 2 bind stored modules, classes and functions to the running
// program's (FmtOptions.bind_modules); 3 fill the shells; 4 build classes,
// then frozensets, sets and dicts (hashing keys); 5 validate what runs
// (code, frames, generators, helpers, iterators, tasklets, channels).
#include "bytes.h"
#include "code.h"
#include "containers.h"
#include "err.h"
#include "fmt_impl.h"
#include "frame.h"
#include "func.h"
#include "helper.h"
#include "iterobj.h"
#include "num.h"
#include "ops.h"
#include "str.h"
#include "tasklet.h"
#include "type.h"
#include "vm.h"

#include <msgpack.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

// The index of the record holding object [v] (frames/helpers of chains).
typedef struct {
    Value *keys; // malloc'd: the objects are held by Dec.objs
    uint32_t *idx;
    size_t cap;
} RevMap;

typedef struct {
    msgpack_object *recs; // the records (arrays)
    uint32_t n;
    Value *objs; // the object of every record
    // Scratch, malloc'd (freed by decode): kind of every record; 1 if bound
    // to an object of the running program (not filled); validation state.
    uint8_t *kinds;
    uint8_t *bound;
    uint8_t *state;
    RevMap chains; // the frames and helper records (validate)
    // The records of each kind: order[start[k] .. start[k + 1]), in id order
    // (malloc'd with kinds).
    uint32_t *order;
    uint32_t start[K_MAX_PLUS_ONE + 1];
    uint8_t *strong; // mark_strong: reachable other than through blocking calls (malloc'd)
    const FmtOptions *opt;
    Value *reuse; // pickle-everywhere: decode into these objects (fmt_decode)
    uint32_t root;
    FmtScheduler *sched; // `prickle resume`: a scheduler record may be the root
    size_t len;          // size of the pickle: bounds what frames allocate
    int64_t stack_room;  // value-stack slots of the frames allocated so far
} Dec;

// Every record [i] of kind [k], in id order.
#define FOR_KIND(d, k, i)                                                                          \
    for (uint32_t i##_at = (d)->start[k], i = 0;                                                   \
         i##_at < (d)->start[(k) + 1] && ((i = (d)->order[i##_at]), true); i##_at++)

// Raise UnpicklingError "record I (kind): message".
static bool bad(Dec *d, uint32_t i, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    const char *kn =
        d && i < d->n && fmt_kinds[d->kinds[i]].name ? fmt_kinds[d->kinds[i]].name : "?";
    fmt_verror(d ? (int64_t)i : -1, kn, fmt, ap);
    va_end(ap);
    return false;
}

// Turn the pending exception (from a runtime check the decoder reuses)
// into "record I: [prefix]<its message>".
static bool bad_pending(Dec *d, uint32_t i, const char *prefix) {
    Str *m = obj_str(err_fetch());
    return bad(d, i, "%s%s", prefix, m ? m->data : "invalid");
}

static msgpack_object *field(Dec *d, uint32_t i, int f) {
    return &d->recs[i].via.array.ptr[1 + f];
}

static int64_t fint(Dec *d, uint32_t i, int f) {
    msgpack_object *o = field(d, i, f);
    return o->type == MSGPACK_OBJECT_POSITIVE_INTEGER ? (int64_t)o->via.u64 : o->via.i64;
}

static bool fbool(Dec *d, uint32_t i, int f) {
    return field(d, i, f)->via.boolean;
}

// The object a reference field points to (VAL_NULL for nil).
static Value fref(Dec *d, uint32_t i, int f) {
    msgpack_object *o = field(d, i, f);
    return o->type == MSGPACK_OBJECT_NIL ? VAL_NULL : d->objs[o->via.u64];
}

static uint32_t fid(Dec *d, uint32_t i, int f) {
    return (uint32_t)field(d, i, f)->via.u64;
}

static bool fstr_eq(Dec *d, uint32_t i, int f, const char *s) {
    msgpack_object *o = field(d, i, f);
    return o->via.str.size == strlen(s) && memcmp(o->via.str.ptr, s, o->via.str.size) == 0;
}

// A NUL-terminated copy of a str field.
static char *fcstr(Dec *d, uint32_t i, int f) {
    msgpack_object *o = field(d, i, f);
    char *s = gc_alloc_atomic(o->via.str.size + 1);
    memcpy(s, o->via.str.ptr, o->via.str.size);
    s[o->via.str.size] = 0;
    return s;
}

// ---- phase 1: shapes ---------------------------------------------------------------------

// True if [s] holds exactly the bytes of the str object [o].
static bool str_len_eq_bytes(Str *s, msgpack_object *o) {
    return o->type == MSGPACK_OBJECT_STR && (size_t)s->len == o->via.str.size &&
           memcmp(s->data, o->via.str.ptr, o->via.str.size) == 0;
}

static bool is_identifier(const char *s, size_t n) {
    if (n == 0 || n > 64) return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (i > 0 && c >= '0' && c <= '9')))
            return false;
    }
    return true;
}

// Read the int field [f] of the CODE record [ci] (shape already checked).
static int64_t code_int(Dec *d, uint32_t ci, int f) {
    return fint(d, ci, f);
}

enum { CF_NLOCALS = 7, CF_NCELLS = 8, CF_NFREES = 9, CF_STACKSIZE = 10 };

// The number of slots to allocate for frame record [i] (phase 1, before its
// code is checked): nlocals + ncells + nfrees + stacksize of its code. They
// must be what the pickle holds: the counts those of the code's name
// tables, the frame's slot array that many plus its stack depth, and the
// stacksize at most what the code's instructions can reach (phase 5 checks
// it is exactly its verified maximum depth). The stack room beyond the
// stored depth of all frames together is bounded by the size of the pickle.
static bool frame_slot_count(Dec *d, uint32_t i, int64_t *nslots) {
    enum { CF_INSTRS = 12, CF_EXCTABLE = 14, CF_VARNAMES = 17, F_SP = 8, F_SLOTS = 9 };
    uint32_t ci = fid(d, i, 0);
    if (d->kinds[ci] != K_CODE) return bad(d, i, "field 'code' is not a code object");
    int64_t counts[3], ss = code_int(d, ci, CF_STACKSIZE), sp = fint(d, i, F_SP);
    for (int k = 0; k < 3; k++) {
        counts[k] = code_int(d, ci, CF_NLOCALS + k);
        uint32_t ti = fid(d, ci, CF_VARNAMES + k);
        if (d->kinds[ti] != K_TUPLE || counts[k] != (int64_t)field(d, ti, 0)->via.array.size)
            return bad(d, ci, "bad local, cell or stack counts");
    }
    int64_t ninstrs = field(d, ci, CF_INSTRS)->via.bin.size / 4;
    int64_t nexc = field(d, ci, CF_EXCTABLE)->via.array.size / 5;
    if (ss < 0 || ss > 2 * (ninstrs + nexc) + 8)
        return bad(d, ci, "stacksize %lld is more than its instructions can use", (long long)ss);
    int64_t nfixed = counts[0] + counts[1] + counts[2];
    if (sp < 0 || sp > ss || (int64_t)field(d, i, F_SLOTS)->via.array.size != nfixed + sp)
        return bad(d, i, "slot count does not match its code and stack depth");
    d->stack_room += ss - sp;
    if (d->stack_room > (1 << 20) + 16 * (int64_t)d->len)
        return bad(d, i, "its frames claim more stack than a pickle of %zu bytes can use", d->len);
    *nslots = nfixed + ss;
    return true;
}

static const HelperDef *find_helper(Dec *d, uint32_t i) {
    msgpack_object *o = field(d, i, 0);
    char name[128]; // (registered names are short; a str field holds no NUL)
    const HelperDef *def = NULL;
    if (o->via.str.size < sizeof name) {
        memcpy(name, o->via.str.ptr, o->via.str.size);
        name[o->via.str.size] = 0;
        def = helper_lookup(name);
    }
    if (!def) bad(d, i, "unknown helper '%s' (this build does not have it)", fcstr(d, i, 0));
    return def;
}

// Pickle-everywhere: record [i] is decoded into the object it was encoded
// from; clear what the record restores, so nothing survives that the
// pickle does not hold. Immutable values and registered objects are kept.
static bool reuse_shell(Dec *d, uint32_t i) {
    Value v = d->reuse[i];
    d->objs[i] = v;
    switch ((Kind)d->kinds[i]) {
    case K_NONE:
    case K_TRUE:
    case K_FALSE:
    case K_ELLIPSIS:
    case K_NOTIMPL:
    case K_INT:
    case K_FLOAT:
    case K_STR:
    case K_BYTES:
    case K_RANGE:
    case K_TYPE_REF:
    case K_BUILTIN:
    case K_MODULE:
    case K_TUPLE:
    case K_LIST:
    case K_MODULE_DICT: return true;
    case K_DICT: {
        Dict *dict = (Dict *)v;
        dict->used = dict->nentries = dict->capacity = dict->nslots = 0;
        dict->index = NULL;
        dict->entries = NULL;
        dict->version++;
        return true;
    }
    case K_SET: {
        Set *st = (Set *)v, *fresh = set_new(val_type(v));
        *st = *fresh;
        return true;
    }
    default: break;
    }
    if (val_is_small(v) || GC_base(v) != (void *)v) return bad(d, i, "cannot be decoded in place");
    size_t size = GC_size(v);
    if (val_is(v, &TaskletType) || type_is_subtype(val_type(v), &TaskletType)) {
        Tasklet keep = *(Tasklet *)v;
        memset((char *)v + sizeof(Obj), 0, size - sizeof(Obj));
        Tasklet *t = (Tasklet *)v;
        t->next = keep.next;
        t->prev = keep.prev;
        t->channel = keep.channel;
        t->dir = keep.dir;
        t->cstack = keep.cstack;
        t->depth = keep.depth;
        t->nesting = keep.nesting;
        return true;
    }
    if (val_is(v, &ChannelType) || type_is_subtype(val_type(v), &ChannelType)) {
        Channel keep = *(Channel *)v;
        memset((char *)v + sizeof(Obj), 0, size - sizeof(Obj));
        ((Channel *)v)->head = keep.head;
        return true;
    }
    if (val_is(v, &HelperType)) {
        const HelperDef *def = ((Helper *)v)->def;
        memset((char *)v + sizeof(Obj), 0, size - sizeof(Obj));
        ((Helper *)v)->def = def;
        return true;
    }
    if (val_is(v, &TypeType)) return true; // rebuilt by type_init_class
    memset((char *)v + sizeof(Obj), 0, size - sizeof(Obj));
    return true;
}

// Allocate the shell of record [i].
static bool make_shell(Dec *d, uint32_t i) {
    if (d->reuse) return reuse_shell(d, i);
    Value v = VAL_NULL;
    msgpack_object *f0 = d->recs[i].via.array.size > 1 ? field(d, i, 0) : NULL;
    switch ((Kind)d->kinds[i]) {
    case K_NONE: v = VAL_NONE; break;
    case K_TRUE: v = VAL_TRUE; break;
    case K_FALSE: v = VAL_FALSE; break;
    case K_ELLIPSIS: v = VAL_ELLIPSIS; break;
    case K_NOTIMPL: v = VAL_NOTIMPL; break;
    case K_INT: v = int_from_i64(fint(d, i, 0)); break;
    case K_FLOAT:
        v = float_new(f0->type == MSGPACK_OBJECT_FLOAT32 ? (double)f0->via.f64 : f0->via.f64);
        break;
    case K_STR: {
        int64_t nchars;
        if (!fmt_utf8_valid((const uint8_t *)f0->via.str.ptr, f0->via.str.size, &nchars))
            return bad(d, i, "not valid UTF-8");
        if (is_identifier(f0->via.str.ptr, f0->via.str.size))
            v = (Value)str_intern_bytes(f0->via.str.ptr, f0->via.str.size);
        else
            v = (Value)str_new(f0->via.str.ptr, (int64_t)f0->via.str.size);
        break;
    }
    case K_BYTES: v = bytes_from_raw((const uint8_t *)f0->via.bin.ptr, f0->via.bin.size); break;
    case K_TUPLE: v = (Value)tuple_new(f0->via.array.size); break;
    case K_LIST: {
        List *l = list_new(f0->via.array.size);
        v = (Value)l;
        break;
    }
    case K_DICT: v = (Value)dict_new(); break;
    case K_SET: v = (Value)set_new(fbool(d, i, 0) ? &FrozenSetType : &SetType); break;
    case K_RANGE:
        if (fint(d, i, 2) == 0) return bad(d, i, "range step is zero");
        v = range_new(fint(d, i, 0), fint(d, i, 1), fint(d, i, 2));
        if (!v) return false;
        break;
    case K_SLICE: v = obj_alloc(&SliceType, sizeof(Slice)); break;
    case K_CELL: v = (Value)cell_new(VAL_NULL); break;
    case K_CODE: v = (Value)code_new(); break;
    case K_FUNC: v = obj_alloc(&FuncType, sizeof(Func)); break;
    case K_BUILTIN: {
        Value b = builtin_lookup(fcstr(d, i, 0));
        if (!b) return bad(d, i, "unknown builtin '%s'", fcstr(d, i, 0));
        if (field(d, i, 1)->type != MSGPACK_OBJECT_NIL) {
            Builtin *c = (Builtin *)obj_alloc(&BuiltinType, sizeof(Builtin));
            *c = *(Builtin *)b;
            b = (Value)c;
        }
        v = b;
        break;
    }
    case K_METHOD: v = obj_alloc(&BoundMethodType, sizeof(BoundMethod)); break;
    case K_PROPERTY: v = obj_alloc(&PropertyType, sizeof(Property)); break;
    case K_CLASSMETHOD: v = obj_alloc(&ClassMethodType, sizeof(ClassMethod)); break;
    case K_STATICMETHOD: v = obj_alloc(&StaticMethodType, sizeof(StaticMethod)); break;
    case K_TYPE_REF: {
        Type *t = type_builtin_lookup(str_new(f0->via.str.ptr, (int64_t)f0->via.str.size));
        if (!t) return bad(d, i, "unknown builtin type '%s'", fcstr(d, i, 0));
        v = (Value)t;
        break;
    }
    case K_CLASS: v = obj_alloc(&TypeType, sizeof(Type)); break;
    case K_MODULE: {
        Str *name = str_intern(str_new(f0->via.str.ptr, (int64_t)f0->via.str.size));
        if (field(d, i, 2)->type == MSGPACK_OBJECT_NIL) {
            // A builtin module (no file), or a module stored by reference.
            Value m = dict_get_str(vm.modules, name);
            Value file = m && val_is(m, &ModuleType)
                             ? dict_get_str(((Module *)m)->dict, str_intern_cstr("__file__"))
                             : VAL_NULL;
            if (field(d, i, 1)->type == MSGPACK_OBJECT_NIL) {
                if (!m || !val_is(m, &ModuleType) || file)
                    return bad(d, i, "unknown builtin module '%S'", name);
            } else {
                uint32_t fi = fid(d, i, 1);
                if (d->kinds[fi] != K_STR || !file || !val_is(file, &StrType) ||
                    str_len_eq_bytes((Str *)file, field(d, fi, 0)) == false)
                    return bad(d, i, "module '%S' is stored by reference and is not loaded here",
                               name);
            }
            d->bound[i] = 1;
            v = m;
        } else {
            Module *m = (Module *)obj_alloc(&ModuleType, sizeof(Module));
            m->name = name;
            v = (Value)m;
        }
        break;
    }
    case K_MODULE_DICT: v = VAL_NONE; break; // resolved in phase 2
    case K_INSTANCE: v = obj_alloc(&ObjectType, sizeof(Instance)); break;
    case K_EXCEPTION: v = obj_alloc(&BaseExceptionType, sizeof(Exc)); break;
    case K_TRACEBACK: v = obj_alloc(&TracebackType, sizeof(Traceback)); break;
    case K_FRAME: {
        int64_t nslots = 0;
        if (!frame_slot_count(d, i, &nslots)) return false;
        v = obj_alloc(&FrameType, sizeof(Frame) + sizeof(Value) * (size_t)nslots);
        break;
    }
    case K_GENERATOR: v = obj_alloc(&GeneratorType, sizeof(Generator)); break;
    case K_HELPER: {
        const HelperDef *def = find_helper(d, i);
        if (!def) return false;
        v = (Value)helper_new(def);
        break;
    }
    case K_LIST_ITER: v = obj_alloc(&ListIterType, sizeof(ListIter)); break;
    case K_LIST_REV_ITER: v = obj_alloc(&ListRevIterType, sizeof(ListIter)); break;
    case K_TUPLE_ITER: v = obj_alloc(&TupleIterType, sizeof(TupleIter)); break;
    case K_RANGE_ITER: v = obj_alloc(&RangeIterType, sizeof(RangeIter)); break;
    case K_STR_ITER: v = obj_alloc(&StrIterType, sizeof(StrIter)); break;
    case K_BYTES_ITER: v = obj_alloc(&BytesIterType, sizeof(BytesIter)); break;
    case K_DICT_ITER: {
        static Type *const its[] = {&DictKeyIterType,      &DictValueIterType,
                                    &DictItemIterType,     &DictRevKeyIterType,
                                    &DictRevValueIterType, &DictRevItemIterType};
        Type *t = NULL;
        for (size_t k = 0; k < sizeof its / sizeof its[0]; k++)
            if (fstr_eq(d, i, 0, its[k]->name)) t = its[k];
        if (!t) return bad(d, i, "unknown dict iterator '%s'", fcstr(d, i, 0));
        v = obj_alloc(t, sizeof(DictIter));
        break;
    }
    case K_SET_ITER: v = obj_alloc(&SetIterType, sizeof(SetIter)); break;
    case K_DICT_VIEW: {
        static Type *const vs[] = {&DictKeysType, &DictValuesType, &DictItemsType};
        Type *t = NULL;
        for (size_t k = 0; k < 3; k++)
            if (fstr_eq(d, i, 0, vs[k]->name)) t = vs[k];
        if (!t) return bad(d, i, "unknown dict view '%s'", fcstr(d, i, 0));
        v = obj_alloc(t, sizeof(DictView));
        break;
    }
    case K_ENUMERATE: v = obj_alloc(&EnumerateType, sizeof(Enumerate)); break;
    case K_ZIP: v = obj_alloc(&ZipType, sizeof(Zip)); break;
    case K_MAP: v = obj_alloc(&MapType, sizeof(MapIter)); break;
    case K_FILTER: v = obj_alloc(&FilterType, sizeof(FilterIter)); break;
    case K_REVERSED: v = obj_alloc(&ReversedType, sizeof(RevIter)); break;
    case K_CALL_ITER: v = obj_alloc(&CallIterType, sizeof(CallIter)); break;
    case K_SEQ_ITER: v = obj_alloc(&SeqIterType, sizeof(SeqIter)); break;
    case K_SUPER: v = obj_alloc(&SuperType, sizeof(Super)); break;
    case K_GENERIC_ALIAS: v = obj_alloc(&GenericAliasType, sizeof(GenericAlias)); break;
    case K_TASKLET: v = obj_alloc(&TaskletType, sizeof(Tasklet)); break;
    case K_CHANNEL: v = obj_alloc(&ChannelType, sizeof(Channel)); break;
    case K_SCHEDULER:
        if (i != d->root || !d->sched)
            return bad(d, i,
                       "a whole scheduler is continued by `prickle resume` only, as the "
                       "root of its pickle");
        v = (Value)tuple_new(4); // main, next, runqueue, modules (fill)
        break;
    case K_MAX_PLUS_ONE: break;
    }
    if (!v) return bad(d, i, "cannot be built");
    d->objs[i] = v;
    return true;
}

// ---- phase 2: binding to the running program ---------------------------------------------

// The raw str of record [i] if it is a STR record, else NULL.
static Str *rec_str(Dec *d, uint32_t i) {
    return d->kinds[i] == K_STR ? (Str *)d->objs[i] : NULL;
}

// Bind code record [ci] to the running program's [code] (of the same
// content hash), and the code objects among its constants to the
// corresponding ones, so that frames of a bound function and of its nested
// functions share the running code objects (a copy pickled again stays the
// size of the original).
static void bind_code(Dec *d, uint32_t ci, Code *code) {
    while (!d->bound[ci]) {
        d->objs[ci] = (Value)code;
        d->bound[ci] = 1;
        uint32_t ki = fid(d, ci, 15); // consts
        if (d->kinds[ki] != K_TUPLE) return;
        msgpack_object *items = field(d, ki, 0);
        if (items->via.array.size != (uint32_t)code->consts->len) return;
        // The first nested code continues this loop; the others recurse (as
        // deep as the running code nests).
        uint32_t next = UINT32_MAX;
        Code *next_code = NULL;
        for (uint32_t j = 0; j < items->via.array.size; j++) {
            msgpack_object *o = &items->via.array.ptr[j];
            Value live = code->consts->items[j];
            if (o->type == MSGPACK_OBJECT_NIL || d->kinds[o->via.u64] != K_CODE ||
                !val_is(live, &CodeType))
                continue;
            if (next == UINT32_MAX) {
                next = (uint32_t)o->via.u64;
                next_code = (Code *)live;
            } else {
                bind_code(d, (uint32_t)o->via.u64, (Code *)live);
            }
        }
        if (next == UINT32_MAX) return;
        ci = next;
        code = next_code;
    }
}

// Bind class or function record [i] of a bound module to the running
// program's of the same qualified name (a function only if its code has
// the same content hash).
static void bind_by_name(Dec *d, uint32_t i) {
    Kind k = (Kind)d->kinds[i];
    Str *qn = rec_str(d, fid(d, i, k == K_CLASS ? 1 : 6));
    if (!qn) return;
    Dict *g = NULL;
    if (k == K_FUNC) {
        uint32_t gi = fid(d, i, 1);
        if (d->kinds[gi] == K_MODULE_DICT && d->bound[fid(d, gi, 0)]) g = (Dict *)d->objs[gi];
    } else {
        // The class's module: its dict's "__module__" entry.
        uint32_t di = fid(d, i, 3);
        if (d->kinds[di] != K_DICT) return;
        msgpack_object *items = field(d, di, 0);
        for (uint32_t j = 0; j + 1 < items->via.array.size; j += 2) {
            msgpack_object *ko = &items->via.array.ptr[j], *vo = &items->via.array.ptr[j + 1];
            if (ko->type == MSGPACK_OBJECT_NIL || vo->type == MSGPACK_OBJECT_NIL) continue;
            Str *key = rec_str(d, (uint32_t)ko->via.u64);
            Str *val = rec_str(d, (uint32_t)vo->via.u64);
            if (key && val && str_eq_cstr(key, "__module__")) {
                Value mod = dict_get_str(vm.modules, val);
                FOR_KIND(d, K_MODULE, mi)
                if (mod && d->bound[mi] && d->objs[mi] == mod) g = ((Module *)mod)->dict;
            }
        }
    }
    if (!g) return;
    Value cur = dict_get_str(g, qn);
    if (!cur) return;
    if (k == K_CLASS && val_is(cur, &TypeType) && (((Type *)cur)->flags & TF_HEAPTYPE)) {
        d->objs[i] = cur;
        d->bound[i] = 1;
    } else if (k == K_FUNC && val_is(cur, &FuncType)) {
        uint32_t ci = fid(d, i, 0);
        if (d->kinds[ci] != K_CODE) return;
        msgpack_object *h = field(d, ci, 20);
        uint64_t stored = 0;
        if (h->via.bin.size != 8) return;
        for (int b = 0; b < 8; b++) stored |= (uint64_t)(uint8_t)h->via.bin.ptr[b] << (8 * b);
        uint64_t have = fmt_code_hash(((Func *)cur)->code);
        if (!have) {
            err_clear();
            return;
        }
        if (have == stored) {
            d->objs[i] = cur;
            d->bound[i] = 1;
            bind_code(d, ci, ((Func *)cur)->code);
        }
    }
}

static bool bind_modules(Dec *d) {
    FOR_KIND(d, K_MODULE, i) {
        if (field(d, i, 2)->type == MSGPACK_OBJECT_NIL) continue;
        Module *m = (Module *)d->objs[i];
        Str *file = field(d, i, 1)->type == MSGPACK_OBJECT_NIL ? NULL : rec_str(d, fid(d, i, 1));
        if (!file) return bad(d, i, "field 'file' is not a str");
        uint32_t di = fid(d, i, 2);
        if (d->kinds[di] != K_DICT) return bad(d, i, "field 'dict' is not a dict");
        if (d->opt->bind_modules) {
            Value cur = dict_get_str(vm.modules, m->name);
            Value cf = cur && val_is(cur, &ModuleType)
                           ? dict_get_str(((Module *)cur)->dict, str_intern_cstr("__file__"))
                           : VAL_NULL;
            if (cf && val_is(cf, &StrType) && str_eq((Str *)cf, file)) {
                d->objs[i] = cur;
                d->bound[i] = 1;
                continue;
            }
        }
        m->dict = (Dict *)d->objs[di];
    }
    FOR_KIND(d, K_MODULE_DICT, i) {
        uint32_t mi = fid(d, i, 0);
        if (d->kinds[mi] != K_MODULE) return bad(d, i, "field 'module' is not a module");
        d->objs[i] = (Value)((Module *)d->objs[mi])->dict;
        d->bound[i] = 1;
    }
    if (!d->opt->bind_modules) return true;
    // Classes and module-level functions of bound modules, by qualified name
    // (functions only if their code is the same).
    FOR_KIND(d, K_CLASS, i) bind_by_name(d, i);
    FOR_KIND(d, K_FUNC, i) bind_by_name(d, i);
    return true;
}

// ---- phase 3: filling -----------------------------------------------------------------------

// Reference field [f] of record [i], which must be of type [t] (or a
// subclass when [sub]); [nil_ok]: may be nil. Raises on mismatch.
// Field [f]'s name for messages (kinds.def) into [name].
static void field_name(Dec *d, uint32_t i, int f, char name[64]) {
    const char *fname = fmt_kinds[d->kinds[i]].fields;
    snprintf(name, 64, "?");
    for (int k = 0; k <= f && fname; k++) {
        const char *sp = strchr(fname, ' ');
        size_t len = sp ? (size_t)(sp - fname) : strlen(fname);
        if (k == f) snprintf(name, 64, "%.*s", (int)(len < 63 ? len : 63), fname);
        fname = sp ? sp + 1 : NULL;
    }
}

static bool want(Dec *d, uint32_t i, int f, Type *t, bool nil_ok, Value *out) {
    Value v = fref(d, i, f);
    *out = v;
    if (v ? !t || val_is(v, t) : nil_ok) return true;
    char name[64];
    field_name(d, i, f, name);
    if (!v) return bad(d, i, "field '%s' is missing", name);
    return bad(d, i, "field '%s' is not a %s", name, t->name);
}

#define WANT(f, t, nil_ok, var)                                                                    \
    do {                                                                                           \
        Value w_;                                                                                  \
        if (!want(d, i, (f), (t), (nil_ok), &w_)) return false;                                    \
        var = (void *)w_;                                                                          \
    } while (0)

// Resolve the references of array field [f] into [out] (room for its
// length, which the caller checked).
static void refs_into(Dec *d, uint32_t i, int f, Value *out) {
    msgpack_object *a = field(d, i, f);
    for (uint32_t j = 0; j < a->via.array.size; j++) {
        msgpack_object *o = &a->via.array.ptr[j];
        out[j] = o->type == MSGPACK_OBJECT_NIL ? VAL_NULL : d->objs[o->via.u64];
    }
}

// The length of array field [f].
static int64_t array_len(Dec *d, uint32_t i, int f) {
    return field(d, i, f)->via.array.size;
}

static Value *ref_array(Dec *d, uint32_t i, int f, int64_t *n) {
    *n = array_len(d, i, f);
    Value *out = gc_alloc(sizeof(Value) * (size_t)(*n + 1));
    refs_into(d, i, f, out);
    return out;
}

// True if no reference of array field [f] is nil, else false with the error raised.
static bool no_nil(Dec *d, uint32_t i, int f) {
    msgpack_object *a = field(d, i, f);
    for (uint32_t j = 0; j < a->via.array.size; j++)
        if (a->via.array.ptr[j].type == MSGPACK_OBJECT_NIL) return bad(d, i, "an item is missing");
    return true;
}

// All references of array field [f] non-nil.
static Value *ref_array_full(Dec *d, uint32_t i, int f, int64_t *n) {
    if (!no_nil(d, i, f)) return NULL;
    return ref_array(d, i, f, n);
}

static uint32_t get_le32(const uint8_t *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static bool all_str(Tuple *t) {
    for (int64_t i = 0; i < t->len; i++)
        if (!val_is(t->items[i], &StrType)) return false;
    return true;
}

static bool fill_code(Dec *d, uint32_t i, Code *c) {
    WANT(0, &StrType, false, c->name);
    WANT(1, &StrType, false, c->qualname);
    WANT(2, &StrType, false, c->filename);
    int64_t ints[9];
    for (int k = 0; k < 8; k++) {
        ints[k] = fint(d, i, 3 + k);
        if (ints[k] < 0 || ints[k] > INSTR_ARG_MAX) return bad(d, i, "a count is out of range");
    }
    c->firstlineno = (int32_t)ints[0];
    c->argcount = (int32_t)ints[1];
    c->posonlyargcount = (int32_t)ints[2];
    c->kwonlyargcount = (int32_t)ints[3];
    c->nlocals = (int32_t)ints[4];
    c->ncells = (int32_t)ints[5];
    c->nfrees = (int32_t)ints[6];
    c->stacksize = (int32_t)ints[7];
    if (fint(d, i, 11) > 0xffff) return bad(d, i, "unknown code flags");
    c->flags = (uint32_t)fint(d, i, 11);
    msgpack_object *ins = field(d, i, 12), *pos = field(d, i, 13), *ex = field(d, i, 14);
    if (ins->via.bin.size % 4 || ins->via.bin.size == 0 || ins->via.bin.size / 4 > INSTR_ARG_MAX)
        return bad(d, i, "bad instruction array");
    c->ninstrs = (int32_t)(ins->via.bin.size / 4);
    if (pos->via.bin.size != (size_t)c->ninstrs * 16) return bad(d, i, "bad position table");
    c->instrs = gc_alloc_atomic(ins->via.bin.size);
    c->positions = gc_alloc_atomic(pos->via.bin.size);
    const uint8_t *ib = (const uint8_t *)ins->via.bin.ptr, *pb = (const uint8_t *)pos->via.bin.ptr;
    for (int32_t k = 0; k < c->ninstrs; k++) {
        c->instrs[k] = get_le32(ib + 4 * k);
        c->positions[k].line = (int32_t)get_le32(pb + 16 * k);
        c->positions[k].end_line = (int32_t)get_le32(pb + 16 * k + 4);
        c->positions[k].col = (int32_t)get_le32(pb + 16 * k + 8);
        c->positions[k].end_col = (int32_t)get_le32(pb + 16 * k + 12);
    }
    if (ex->via.array.size % 5) return bad(d, i, "bad exception table");
    c->nexc = (int32_t)(ex->via.array.size / 5);
    c->exctable = gc_alloc_atomic(sizeof(ExcEntry) * (size_t)(c->nexc + 1));
    for (int32_t k = 0; k < c->nexc; k++) {
        int64_t x[5];
        for (int j = 0; j < 5; j++) {
            x[j] = ex->via.array.ptr[5 * k + j].via.i64;
            if (ex->via.array.ptr[5 * k + j].type == MSGPACK_OBJECT_NEGATIVE_INTEGER ||
                x[j] > INT32_MAX)
                return bad(d, i, "bad exception table entry");
        }
        c->exctable[k] = (ExcEntry){(int32_t)x[0], (int32_t)x[1], (int32_t)x[2], (int32_t)x[3],
                                    (uint8_t)(x[4] != 0)};
    }
    WANT(15, &TupleType, false, c->consts);
    WANT(16, &TupleType, false, c->names);
    WANT(17, &TupleType, false, c->varnames);
    WANT(18, &TupleType, false, c->cellvars);
    WANT(19, &TupleType, false, c->freevars);
    if (field(d, i, 20)->via.bin.size != 8) return bad(d, i, "bad content hash");
    return true;
}

static bool fill(Dec *d, uint32_t i) {
    Value v = d->objs[i];
    int64_t n;
    switch ((Kind)d->kinds[i]) {
    case K_TUPLE:
        // (its length is the array's: make_shell)
        if (!no_nil(d, i, 0)) return false;
        refs_into(d, i, 0, ((Tuple *)v)->items);
        return true;
    case K_LIST: {
        Value *a = ref_array_full(d, i, 0, &n);
        if (!a) return false;
        List *l = (List *)v;
        if (n == 0) {
            // No storage, as a new empty list (and a list being sorted) has.
            l->items = NULL;
            l->len = l->cap = 0;
            return true;
        }
        list_set_items(l, a, n);
        return true;
    }
    case K_SLICE: {
        Slice *s = (Slice *)v;
        s->start = fref(d, i, 0);
        s->stop = fref(d, i, 1);
        s->step = fref(d, i, 2);
        return true;
    }
    case K_CELL: ((Cell *)v)->contents = fref(d, i, 0); return true;
    case K_CODE: return fill_code(d, i, (Code *)v);
    case K_FUNC: {
        Func *f = (Func *)v;
        WANT(0, &CodeType, false, f->code);
        WANT(1, &DictType, false, f->globals);
        WANT(2, &TupleType, true, f->defaults);
        WANT(3, &DictType, true, f->kwdefaults);
        WANT(4, &TupleType, true, f->closure);
        WANT(5, &StrType, false, f->name);
        WANT(6, &StrType, false, f->qualname);
        WANT(7, &DictType, true, f->dict);
        f->module = fref(d, i, 8);
        f->doc = fref(d, i, 9);
        return true;
    }
    case K_BUILTIN:
        if (((Builtin *)v)->self || field(d, i, 1)->type != MSGPACK_OBJECT_NIL)
            ((Builtin *)v)->self = fref(d, i, 1);
        return true;
    case K_METHOD:
        ((BoundMethod *)v)->func = fref(d, i, 0);
        ((BoundMethod *)v)->self = fref(d, i, 1);
        return true;
    case K_PROPERTY: {
        Property *p = (Property *)v;
        p->fget = fref(d, i, 0);
        p->fset = fref(d, i, 1);
        p->fdel = fref(d, i, 2);
        p->doc = fref(d, i, 3);
        return true;
    }
    case K_CLASSMETHOD:
    case K_STATICMETHOD: ((ClassMethod *)v)->func = fref(d, i, 0); return true;
    case K_CLASS: {
        Value x;
        for (int f = 0; f < 4; f++) {
            static Type *const ts[] = {&StrType, &StrType, &TupleType, &DictType};
            if (!want(d, i, f, ts[f], false, &x)) return false;
        }
        return true; // built in phase 4
    }
    case K_INSTANCE: {
        Instance *o = (Instance *)v;
        Value cls;
        if (!want(d, i, 0, &TypeType, false, &cls)) return false;
        o->obj.type = (Type *)cls;
        WANT(1, &DictType, true, o->dict);
        return true;
    }
    case K_EXCEPTION: {
        Exc *x = (Exc *)v;
        Value cls;
        if (!want(d, i, 0, &TypeType, false, &cls)) return false;
        x->obj.type = (Type *)cls;
        WANT(1, &DictType, true, x->dict);
        WANT(2, &TupleType, false, x->args);
        x->traceback = fref(d, i, 3);
        if (x->traceback && x->traceback != VAL_NONE && !val_is(x->traceback, &TracebackType))
            return bad(d, i, "field 'traceback' is not a traceback");
        x->cause = fref(d, i, 4);
        x->context = fref(d, i, 5);
        x->suppress_context = fbool(d, i, 6);
        x->value = fref(d, i, 7);
        return true;
    }
    case K_TRACEBACK: {
        Traceback *tb = (Traceback *)v;
        WANT(0, &TracebackType, true, tb->next);
        WANT(1, &FrameType, false, tb->frame);
        int64_t ip = fint(d, i, 2), line = fint(d, i, 3);
        if (ip < 0 || ip > INSTR_ARG_MAX || line < 0 || line > INT32_MAX)
            return bad(d, i, "bad position");
        tb->ip = (int32_t)ip;
        tb->line = (int32_t)line;
        return true;
    }
    case K_FRAME: {
        Frame *f = (Frame *)v;
        WANT(0, &CodeType, false, f->code);
        WANT(1, &FuncType, true, f->func);
        WANT(2, &DictType, false, f->globals);
        WANT(3, &DictType, true, f->locals);
        WANT(4, &GeneratorType, true, f->gen);
        f->back = fref(d, i, 5);
        if (f->back && !val_is(f->back, &FrameType) && !val_is(f->back, &HelperType))
            return bad(d, i, "field 'back' is not a frame or helper record");
        f->init_self = fref(d, i, 6);
        int64_t ip = fint(d, i, 7), sp = fint(d, i, 8);
        if (ip < 0 || ip > INSTR_ARG_MAX || sp < 0 || sp > INSTR_ARG_MAX)
            return bad(d, i, "bad ip or sp");
        f->ip = (int32_t)ip;
        f->sp = (int32_t)sp;
        // The slot count was checked against the code record in phase 1;
        // here against what the frame says (phase 5 checks the rest).
        n = array_len(d, i, 9);
        uint32_t ci = fid(d, i, 0);
        int64_t nfixed =
            code_int(d, ci, CF_NLOCALS) + code_int(d, ci, CF_NCELLS) + code_int(d, ci, CF_NFREES);
        if (n != nfixed + sp || sp > code_int(d, ci, CF_STACKSIZE))
            return bad(d, i, "slot count does not match its code and stack depth");
        refs_into(d, i, 9, f->slots);
        return true;
    }
    case K_GENERATOR: {
        Generator *g = (Generator *)v;
        WANT(0, &FrameType, true, g->frame);
        WANT(1, &StrType, false, g->name);
        WANT(2, &StrType, false, g->qualname);
        int st = -1;
        for (int k = 0; k < 4; k++)
            if (fstr_eq(d, i, 3, fmt_gen_states[k])) st = k;
        if (st < 0) return bad(d, i, "unknown generator state");
        g->state = st;
        g->exc_info = fref(d, i, 4);
        return true;
    }
    case K_HELPER: {
        Helper *h = (Helper *)v;
        const HelperDef *def = h->def;
        int label = -1, req = -1;
        for (int k = 0; k < def->nlabels; k++)
            if (fstr_eq(d, i, 1, def->labels[k])) label = k;
        if (label < 0) return bad(d, i, "helper '%s' has no label '%s'", def->name, fcstr(d, i, 1));
        for (int k = 0; k < 7; k++)
            if (fstr_eq(d, i, 2, fmt_requests[k])) req = k;
        if (req < 0 || req == HS_RAISE) return bad(d, i, "unknown request kind");
        h->label = label;
        h->req_kind = req;
        h->req_fn = fref(d, i, 3);
        WANT(4, &TupleType, true, h->req_args);
        WANT(5, &DictType, true, h->req_kwargs);
        h->back = fref(d, i, 6);
        if (h->back && !val_is(h->back, &FrameType) && !val_is(h->back, &HelperType))
            return bad(d, i, "field 'back' is not a frame or helper record");
        n = array_len(d, i, 7);
        if (n != def->nfields)
            return bad(d, i, "helper '%s' has %d fields, not %lld", def->name, def->nfields,
                       (long long)n);
        refs_into(d, i, 7, h->fields);
        return true;
    }
    case K_LIST_ITER:
    case K_LIST_REV_ITER: {
        ListIter *it = (ListIter *)v;
        WANT(0, &ListType, true, it->list);
        it->index = fint(d, i, 1);
        if (d->kinds[i] == K_LIST_ITER ? it->index < 0 : it->index < -1)
            return bad(d, i, "bad index");
        return true;
    }
    case K_TUPLE_ITER: {
        TupleIter *it = (TupleIter *)v;
        WANT(0, &TupleType, true, it->tuple);
        it->index = fint(d, i, 1);
        if (it->index < 0 || (it->tuple && it->index > it->tuple->len))
            return bad(d, i, "bad index");
        return true;
    }
    case K_RANGE_ITER: {
        RangeIter *it = (RangeIter *)v;
        it->next = fint(d, i, 0);
        it->step = fint(d, i, 1);
        it->remaining = fint(d, i, 2);
        if (it->remaining < 0) return bad(d, i, "bad remaining count");
        return true;
    }
    case K_STR_ITER: {
        StrIter *it = (StrIter *)v;
        WANT(0, &StrType, true, it->str);
        it->pos = fint(d, i, 1);
        if (it->str) {
            Str *s = it->str;
            if (it->pos < 0 || it->pos > s->len ||
                (it->pos < s->len && ((uint8_t)s->data[it->pos] & 0xc0) == 0x80))
                return bad(d, i, "bad position");
        }
        return true;
    }
    case K_BYTES_ITER: {
        BytesIter *it = (BytesIter *)v;
        WANT(0, &BytesType, true, it->bytes);
        it->index = fint(d, i, 1);
        if (it->index < 0) return bad(d, i, "bad index");
        return true;
    }
    case K_DICT_ITER: {
        DictIter *it = (DictIter *)v;
        WANT(1, &DictType, true, it->dict);
        it->used = fint(d, i, 2);
        // Positioned in phase 4, once the dict is built.
        it->pos = fint(d, i, 3);
        if (it->pos < 0 || it->used < 0) return bad(d, i, "bad position");
        return true;
    }
    case K_SET_ITER: {
        SetIter *it = (SetIter *)v;
        it->set = (Set *)fref(d, i, 0);
        if (it->set && !val_is((Value)it->set, &SetType) && !val_is((Value)it->set, &FrozenSetType))
            return bad(d, i, "field 'set' is not a set");
        it->used = fint(d, i, 1);
        it->pos = fint(d, i, 2);
        it->remaining = fint(d, i, 3);
        if (it->pos < 0 || it->remaining < 0 || it->used < 0) return bad(d, i, "bad position");
        return true;
    }
    case K_DICT_VIEW: WANT(1, &DictType, false, ((DictView *)v)->dict); return true;
    case K_ENUMERATE:
        ((Enumerate *)v)->it = fref(d, i, 0);
        ((Enumerate *)v)->count = fint(d, i, 1);
        return true;
    case K_ZIP: WANT(0, &TupleType, false, ((Zip *)v)->its); return true;
    case K_MAP:
        ((MapIter *)v)->func = fref(d, i, 0);
        WANT(1, &TupleType, false, ((MapIter *)v)->its);
        return true;
    case K_FILTER:
        ((FilterIter *)v)->func = fref(d, i, 0);
        ((FilterIter *)v)->it = fref(d, i, 1);
        return true;
    case K_REVERSED:
        ((RevIter *)v)->seq = fref(d, i, 0);
        ((RevIter *)v)->index = fint(d, i, 1);
        return true;
    case K_CALL_ITER:
        ((CallIter *)v)->func = fref(d, i, 0);
        ((CallIter *)v)->sentinel = fref(d, i, 1);
        return true;
    case K_SEQ_ITER:
        ((SeqIter *)v)->seq = fref(d, i, 0);
        ((SeqIter *)v)->index = fint(d, i, 1);
        if (((SeqIter *)v)->index < 0) return bad(d, i, "bad index");
        return true;
    case K_SUPER:
        WANT(0, &TypeType, false, ((Super *)v)->cls);
        ((Super *)v)->self = fref(d, i, 1);
        return true;
    case K_GENERIC_ALIAS:
        ((GenericAlias *)v)->origin = fref(d, i, 0);
        WANT(1, &TupleType, false, ((GenericAlias *)v)->args);
        return true;
    case K_TASKLET: {
        Tasklet *t = (Tasklet *)v;
        Value cls;
        if (!want(d, i, 0, &TypeType, false, &cls)) return false;
        t->obj.type = (Type *)cls;
        WANT(1, &DictType, true, t->dict);
        t->func = fref(d, i, 2);
        WANT(3, &TupleType, true, t->args);
        WANT(4, &DictType, true, t->kwargs);
        int64_t st = fint(d, i, 5);
        if (st > TS_DEAD) return bad(d, i, "unknown tasklet state");
        t->state = (uint8_t)st;
        t->atomic = fbool(d, i, 6);
        t->block_trap = fbool(d, i, 7);
        t->started = fbool(d, i, 8);
        t->is_main = fbool(d, i, 9);
        if (t->is_main && !(d->reuse && v == (Value)sched.main) && !d->sched)
            return bad(d, i, "a main tasklet cannot be loaded");
        t->tempval = fref(d, i, 10);
        t->send_exc = fref(d, i, 11);
        if (fstr_eq(d, i, 12, "continue"))
            t->resume = RESUME_CONTINUE;
        else if (fstr_eq(d, i, 12, "deliver"))
            t->resume = RESUME_DELIVER;
        else
            return bad(d, i, "unknown resume kind");
        t->resume_value = fref(d, i, 13);
        t->resume_exc = fref(d, i, 14);
        t->top = fref(d, i, 15);
        if (t->top && !val_is(t->top, &FrameType) && !val_is(t->top, &HelperType))
            return bad(d, i, "field 'top' is not a frame or helper record");
        t->exc_info = fref(d, i, 16);
        return true;
    }
    case K_CHANNEL: {
        Channel *c = (Channel *)v;
        Value cls;
        if (!want(d, i, 0, &TypeType, false, &cls)) return false;
        c->obj.type = (Type *)cls;
        WANT(1, &DictType, true, c->dict);
        c->balance = fint(d, i, 2);
        int64_t p = fint(d, i, 3);
        if (p < -1 || p > 1) return bad(d, i, "bad preference");
        c->preference = (int8_t)p;
        c->schedule_all = fbool(d, i, 4);
        c->closing = fbool(d, i, 5);
        return true; // waiting tasklets linked in phase 5
    }
    case K_SCHEDULER: {
        Tuple *t = (Tuple *)v;
        WANT(0, &TaskletType, false, t->items[0]);
        WANT(1, &TaskletType, false, t->items[1]);
        int64_t n;
        Value *a = ref_array_full(d, i, 2, &n);
        if (!a) return false;
        t->items[2] = (Value)tuple_from(a, n);
        if (!(a = ref_array_full(d, i, 3, &n))) return false;
        for (int64_t k = 0; k < n; k++)
            if (!val_is(a[k], &ModuleType))
                return bad(d, i, "an item of 'modules' is not a module");
        t->items[3] = (Value)tuple_from(a, n);
        FmtScheduler *s = d->sched;
        s->recursion_limit = fint(d, i, 4);
        s->timeout = fint(d, i, 5);
        s->total_left = fint(d, i, 6);
        s->totaltimeout = fbool(d, i, 7);
        s->main_in_run = fbool(d, i, 8);
        if (s->recursion_limit < 1 || s->recursion_limit > INT32_MAX || s->timeout < 0 ||
            s->total_left < 0)
            return bad(d, i, "a setting is out of range");
        return true;
    }
    default: return true; // scalars, containers built in phase 4, bound objects
    }
}

// ---- phase 4: classes, sets, dicts -------------------------------------------------------

static bool user_hashed(Value k) {
    Type *t = val_type(k);
    if (t->dunders[DUNDER_HASH] && t->dunders[DUNDER_HASH] != VAL_NONE) return true;
    if (t == &TupleType)
        for (int64_t j = 0; j < ((Tuple *)k)->len; j++)
            if (user_hashed(((Tuple *)k)->items[j])) return true;
    return false;
}

// Hash of key [k] without running Python code: a stored hash for keys
// with a user __hash__ (from the pairs [uh] of [nuh] ints), else the C hash.
static bool key_hash(Dec *d, uint32_t i, Value k, int64_t index, msgpack_object *uh, int64_t *out) {
    if (user_hashed(k)) {
        for (uint32_t j = 0; j + 1 < uh->via.array.size; j += 2)
            if (uh->via.array.ptr[j].via.i64 == index) {
                *out = uh->via.array.ptr[j + 1].via.i64;
                return true;
            }
        return bad(d, i, "the hash of key %lld is missing", (long long)index);
    }
    Type *t = val_type(k);
    if (t != &StrType && !val_is_small(k) && t != &TupleType && !t->tp_hash)
        return bad(d, i, "key %lld is unhashable ('%s')", (long long)index, t->name);
    int64_t h = obj_hash(k);
    if (h == -1 && err_occurred()) return false;
    *out = h;
    return true;
}

// Nesting of tuples (hashing recurses through them): bounded.
static bool tuple_depth_ok(Value v, int depth) {
    if (!val_is(v, &TupleType)) return true;
    if (depth > 100) return false;
    Tuple *t = (Tuple *)v;
    for (int64_t j = 0; j < t->len; j++)
        if (!tuple_depth_ok(t->items[j], depth + 1)) return false;
    return true;
}

static bool build_dict(Dec *d, uint32_t i) {
    Dict *dict = (Dict *)d->objs[i];
    int64_t n;
    Value *a = ref_array(d, i, 0, &n);
    if (n % 2) return bad(d, i, "odd number of items");
    msgpack_object *uh = field(d, i, 1);
    if (uh->via.array.size % 2) return bad(d, i, "bad user hash table");
    for (int64_t j = 0; j < n; j += 2) {
        if (!a[j] || !a[j + 1]) return bad(d, i, "an item is missing");
        if (!tuple_depth_ok(a[j], 0)) return bad(d, i, "key nested too deeply");
        int64_t h = 0;
        if (!key_hash(d, i, a[j], j / 2, uh, &h)) return false;
        dict_append_hashed(dict, a[j], h, a[j + 1]);
    }
    return true;
}

static bool build_set(Dec *d, uint32_t i) {
    Set *s = (Set *)d->objs[i];
    int64_t n, mask = fint(d, i, 1);
    Value *a = ref_array(d, i, 3, &n);
    if (mask >= 0) {
        if (n != mask + 1 || mask > (1 << 26)) return bad(d, i, "layout size mismatch");
        msgpack_object *dum = field(d, i, 4);
        for (uint32_t j = 0; j < dum->via.array.size; j++) {
            int64_t at = dum->via.array.ptr[j].via.i64;
            if (at < 0 || at > mask || a[at]) return bad(d, i, "bad dummy slot");
            a[at] = (Value)&SET_DUMMY_OBJ;
        }
        for (int64_t j = 0; j <= mask; j++) {
            if (!a[j] || a[j] == (Value)&SET_DUMMY_OBJ) continue;
            Type *t = val_type(a[j]);
            if (user_hashed(a[j]) || !tuple_depth_ok(a[j], 0) ||
                (t != &StrType && t != &IntType && t != &TupleType && !t->tp_hash))
                return bad(d, i, "a key of a stored layout is not hashable by value");
        }
        Set *b = set_from_layout(val_type((Value)s), mask, a, fint(d, i, 2));
        if (!b) {
            return bad_pending(d, i, "");
        }
        *s = *b;
        return true;
    }
    msgpack_object *uh = field(d, i, 5);
    for (int64_t j = 0; j < n; j++) {
        if (!a[j]) return bad(d, i, "an item is missing");
        if (!tuple_depth_ok(a[j], 0)) return bad(d, i, "key nested too deeply");
        int64_t h = 0;
        if (!key_hash(d, i, a[j], j, uh, &h)) return false;
        set_insert_hashed(s, a[j], h);
    }
    return true;
}

static bool build_classes(Dec *d) {
    // Class dicts first (their keys are str), then classes base-first.
    FOR_KIND(d, K_CLASS, i) {
        if (d->bound[i]) continue;
        uint32_t di = fid(d, i, 3);
        if (d->bound[di]) return bad(d, i, "class dict is a module dict");
        if (!d->bound[di] && d->kinds[di] == K_DICT) {
            msgpack_object *items = field(d, di, 0);
            for (uint32_t j = 0; j < items->via.array.size; j += 2) {
                msgpack_object *ko = &items->via.array.ptr[j];
                if (ko->type == MSGPACK_OBJECT_NIL || d->kinds[ko->via.u64] != K_STR)
                    return bad(d, di, "a class dict key is not a str");
            }
            if (!build_dict(d, di)) return false;
            d->bound[di] = 2; // built
        }
    }
    bool progress = true;
    while (progress) {
        progress = false;
        FOR_KIND(d, K_CLASS, i) {
            if (d->bound[i]) continue;
            Tuple *bases = (Tuple *)fref(d, i, 2);
            if (bases->len != 1 || !val_is(bases->items[0], &TypeType))
                return bad(d, i, "a class has exactly one base class");
            Type *base = (Type *)bases->items[0];
            if (!base->dict) continue; // an unbuilt class: later
            Type *t = (Type *)d->objs[i];
            if (!type_init_class(t, (Str *)fref(d, i, 0), (Str *)fref(d, i, 1), bases,
                                 (Dict *)fref(d, i, 3))) {
                return bad_pending(d, i, "");
            }
            d->bound[i] = 2;
            progress = true;
        }
    }
    FOR_KIND(d, K_CLASS, i)
    if (!d->bound[i]) return bad(d, i, "its base classes form a cycle");
    return true;
}

static bool build_containers(Dec *d) {
    // Frozensets may be keys of sets and dicts: inner ones first (BFS ids).
    for (uint32_t at = d->start[K_SET + 1]; at-- > d->start[K_SET];) {
        uint32_t k = d->order[at];
        if (fbool(d, k, 0) && !build_set(d, k)) return false;
    }
    // (Sets and dicts are not keys of each other: their order does not matter.)
    FOR_KIND(d, K_SET, i)
    if (!d->bound[i] && !fbool(d, i, 0) && !build_set(d, i)) return false;
    FOR_KIND(d, K_DICT, i)
    if (!d->bound[i] && !build_dict(d, i)) return false;
    return true;
}

// ---- phase 5: validation of what runs -----------------------------------------------------

// Verify [code] (bytecode and slot analysis) and check that its stacksize
// is exactly its verified maximum depth (what every frame of it allocates).
// NULL with SystemError raised if not. The result is kept on the code
// object (Code.flow): a code object is verified once, and the running
// program's code objects that pickles bind to are not verified again.
static CodeFlow *code_depths(Code *code) {
    if (code->flow) return code->flow;
    CodeFlow *fl = code_flow(code);
    if (!fl) return NULL;
    if (code_flow_maxdepth(fl) != code->stacksize) {
        err_format(&SystemErrorType,
                   "malformed code object %s: stacksize %d is not its maximum stack depth %d",
                   code->qualname ? code->qualname->data : "?", (int)code->stacksize,
                   (int)code_flow_maxdepth(fl));
        return NULL;
    }
    code->flow = fl;
    return fl;
}

// Check frame [f] (record [i]) at its resume point: [fresh], an unstarted
// generator's frame; [suspended] at an OPF_RESUMABLE instruction while the
// record above it (a callee, a generator, a helper) runs; else about to
// execute its instruction: a preempted tasklet's top frame, at a
// preemption point. Its value stack must be exactly what the VM can have
// there: the depth the verifier computes, and in every slot a value of the
// kind the slot analysis gives — NULL only where PUSH_NULL or LOAD_METHOD
// left one, a list under LIST_APPEND, an exception where RERAISE takes one,
// the constant itself where LOAD_CONST pushed it, ... (code_flow_stack,
// code_slot_admits; SPEC.md section 5).
static bool check_frame(Dec *d, uint32_t i, Frame *f, bool suspended, bool fresh) {
    Code *c = f->code;
    CodeFlow *fl = code_depths(c);
    if (!fl) {
        return bad_pending(d, i, "its code does not verify: ");
    }
    // Its slots were allocated for the counts of its code record
    // (frame_slot_count): the code it runs (bound to the running program's
    // by content hash, perhaps) must have those.
    uint32_t ci = fid(d, i, 0);
    if (c->nlocals != code_int(d, ci, CF_NLOCALS) || c->ncells != code_int(d, ci, CF_NCELLS) ||
        c->nfrees != code_int(d, ci, CF_NFREES) || c->stacksize != code_int(d, ci, CF_STACKSIZE))
        return bad(d, i, "its code does not have the counts of the code record it refers to");
    for (int32_t k = 0; k < c->ncells + c->nfrees; k++)
        if (!val_is(frame_cells(f)[k], &CellType)) return bad(d, i, "a cell slot is not a cell");
    if ((c->flags & (CO_CLASSBODY)) && !f->locals) return bad(d, i, "a class body needs locals");
    if ((c->flags & CO_GENERATOR) && !f->gen)
        return bad(d, i, "a generator's code runs without its generator");
    if (fresh) {
        if (f->ip != 0 || f->sp != 0) return bad(d, i, "an unstarted frame must be at 0");
        return true;
    }
    if (f->ip >= c->ninstrs || code_flow_depths(fl)[f->ip] < 0)
        return bad(d, i, "ip is not a reachable instruction");
    Opcode op = INSTR_OP(c->instrs[f->ip]);
    if (suspended && !(op_info[op].flags & OPF_RESUMABLE))
        return bad(d, i, "suspended at %s, which is not a resume point", op_info[op].name);
    if (!suspended && !code_flow_preemption_point(fl, f->ip))
        return bad(d, i, "preempted at %d, which is not a preemption point", f->ip);
    StackSlot small[16];
    StackSlot *slots =
        f->sp < 16 ? small : gc_alloc_atomic(sizeof(StackSlot) * ((size_t)f->sp + 1));
    int32_t depth = code_flow_stack(fl, f->ip, suspended, slots, f->sp);
    if (f->sp != depth) {
        if (suspended)
            return bad(d, i, "stack depth %d does not match the suspended %s", f->sp,
                       op_info[op].name);
        return bad(d, i, "stack depth %d does not match instruction %d", f->sp, f->ip);
    }
    Value *stack = frame_stack(f);
    for (int32_t k = 0; k < f->sp; k++) {
        StackSlot s = slots[k];
        if (code_slot_admits(c, s, stack[k])) continue;
        const char *by = s.producer >= 0 ? op_info[INSTR_OP(c->instrs[s.producer])].name : NULL;
        const char *want = slot_kind_name((SlotKind)s.kind);
        if (by && INSTR_OP(c->instrs[s.producer]) == OP_LOAD_CONST && stack[k])
            return bad(d, i, "value stack slot %d is not the constant LOAD_CONST at %d pushed", k,
                       s.producer);
        if (!stack[k]) return bad(d, i, "value stack slot %d is empty where %s belongs", k, want);
        if (by && INSTR_OP(c->instrs[s.producer]) == OP_BUILD_TUPLE && val_is(stack[k], &TupleType))
            return bad(d, i,
                       "value stack slot %d is not the tuple of %d items BUILD_TUPLE at %d built",
                       k, (int)INSTR_ARG(c->instrs[s.producer]), s.producer);
        if (by)
            return bad(d, i,
                       "value stack slot %d holds a '%s' where %s belongs (pushed by %s at %d)", k,
                       obj_type_name(stack[k]), want, by, s.producer);
        return bad(d, i, "value stack slot %d holds a '%s' where %s belongs", k,
                   obj_type_name(stack[k]), want);
    }
    return true;
}

// Map the objects [objs] (n of them; only frames and helper records if
// [chain_records_only]) to their record index.
static size_t revmap_slot(const RevMap *m, Value v) {
    return (size_t)(((uint64_t)(uintptr_t)v * 0x9E3779B97F4A7C15ull) >> 32) & (m->cap - 1);
}

static bool revmap_member(Value v, uint8_t kind, bool chain_records_only) {
    if (chain_records_only && kind != K_FRAME && kind != K_HELPER) return false;
    return v && !val_is_small(v);
}

static void revmap_free(RevMap *m) {
    free(m->keys);
    free(m->idx);
    m->keys = NULL;
    m->idx = NULL;
    m->cap = 0;
}

// False with MemoryError raised if out of memory.
static bool revmap_build(RevMap *m, const Value *objs, uint32_t n, const uint8_t *kinds,
                         bool chain_records_only) {
    size_t count = 0;
    for (uint32_t i = 0; i < n; i++) count += revmap_member(objs[i], kinds[i], chain_records_only);
    m->cap = 16;
    while (m->cap < count * 2) m->cap *= 2;
    m->keys = calloc(m->cap, sizeof(Value));
    m->idx = malloc(sizeof(uint32_t) * m->cap);
    if (!m->keys || !m->idx) {
        revmap_free(m);
        err_format(&MemoryErrorType, "out of memory decoding a pickle");
        return false;
    }
    for (uint32_t i = 0; i < n; i++) {
        if (!revmap_member(objs[i], kinds[i], chain_records_only)) continue;
        size_t j = revmap_slot(m, objs[i]);
        while (m->keys[j]) j = (j + 1) & (m->cap - 1);
        m->keys[j] = objs[i];
        m->idx[j] = i;
    }
    return true;
}

static int64_t revmap_get(RevMap *m, Value v) {
    size_t j = revmap_slot(m, v);
    while (m->keys[j]) {
        if (m->keys[j] == v) return m->idx[j];
        j = (j + 1) & (m->cap - 1);
    }
    return -1;
}

// A frame suspended at UNPACK_SEQUENCE or UNPACK_EX receives the tuple of
// the vm.unpack record above it and pushes its items: that record must be
// there, with the counts of the instruction (the room on the value stack
// was verified for them).
static bool unpack_matches(Frame *f, Value above) {
    uint32_t w = f->code->instrs[f->ip];
    Opcode op = INSTR_OP(w);
    if (op != OP_UNPACK_SEQUENCE && op != OP_UNPACK_EX) return true;
    if (!val_is(above, &HelperType)) return false;
    Helper *h = (Helper *)above;
    if (strcmp(h->def->name, "vm.unpack") != 0) return false;
    int64_t arg = INSTR_ARG(w);
    int64_t before = op == OP_UNPACK_EX ? (arg & 0xff) : arg,
            after = op == OP_UNPACK_EX ? arg >> 8 : -1;
    return h->fields[1] == int_from_i64(before) && h->fields[2] == int_from_i64(after);
}

// Validate the record chain from [top] down: every record visited once
// (state[] marks), frames suspended (the top one per the tasklet's resume
// kind), helpers with a matching request; returns the bottom record.
static bool check_chain(Dec *d, uint32_t owner, Value top, bool top_continues, RevMap *rm,
                        uint8_t *state, int64_t *depth, Value *bottom) {
    Value r = top, above = VAL_NULL;
    *depth = 0;
    while (r) {
        int64_t ri = revmap_get(rm, r);
        if (ri < 0) return bad(d, owner, "its chain has a foreign record");
        if (state[ri]) return bad(d, owner, "its chain shares or repeats a record");
        state[ri] = 1;
        if (val_is(r, &FrameType)) {
            Frame *f = (Frame *)r;
            bool is_top = !above;
            if (is_top && !top_continues)
                return bad(d, (uint32_t)ri, "a switched-out tasklet's top record must be a helper");
            if (!check_frame(d, (uint32_t)ri, f, !(is_top && top_continues), false)) return false;
            if (!is_top && !unpack_matches(f, above))
                return bad(d, (uint32_t)ri, "suspended at %s without its vm.unpack record above",
                           op_info[INSTR_OP(f->code->instrs[f->ip])].name);
            if (f->gen) {
                Generator *g = (Generator *)f->gen;
                if (g->frame != f || g->state != GEN_RUNNING)
                    return bad(d, (uint32_t)ri, "a generator frame in a chain must be running");
            }
            (*depth)++;
        } else {
            Helper *h = (Helper *)r;
            bool is_top = !above;
            if (is_top ? h->req_kind != HS_SWITCH
                       : h->req_kind == HS_SWITCH || h->req_kind == HS_RETURN)
                return bad(d, (uint32_t)ri, "its request does not match its place in the chain");
        }
        above = r;
        *bottom = r;
        r = rec_back(r);
    }
    return true;
}

// The scheduler record (the root, `prickle resume`): one main tasklet, the
// one it names; the run queue holds distinct alive tasklets that are not
// blocked (channels were relinked before); the tasklet to run first is
// alive and not blocked. Fills d->sched.
static bool check_scheduler(Dec *d) {
    uint32_t i = d->root;
    Tuple *st = (Tuple *)d->objs[i];
    Tasklet *main = (Tasklet *)st->items[0], *next = (Tasklet *)st->items[1];
    FOR_KIND(d, K_TASKLET, k)
    if (((Tasklet *)d->objs[k])->is_main && d->objs[k] != (Value)main)
        return bad(d, k, "a main tasklet other than the scheduler's");
    if (!main->is_main || main->state != TS_ALIVE)
        return bad(d, i, "its main tasklet is not an alive main tasklet");
    if (next->state != TS_ALIVE || next->channel)
        return bad(d, i, "the tasklet to run first is not alive or is blocked");
    Tuple *rq = (Tuple *)st->items[2];
    for (int64_t k = 0; k < rq->len; k++) {
        Tasklet *t = (Tasklet *)rq->items[k];
        if (!val_isinstance((Value)t, &TaskletType) || t->state != TS_ALIVE || t->channel)
            return bad(d, i, "the run queue holds a tasklet that is not runnable");
        for (int64_t j = 0; j < k; j++)
            if (rq->items[j] == (Value)t) return bad(d, i, "the run queue repeats a tasklet");
    }
    d->sched->main = (Value)main;
    d->sched->next = (Value)next;
    d->sched->runqueue = rq;
    d->sched->modules = (Tuple *)st->items[3];
    return true;
}

// What a bare `raise` re-raises: None or an exception instance.
static bool exc_info_ok(Value v) {
    return v == VAL_NONE || (val_type(v)->flags & TF_EXCEPTION);
}

// A channel with waiting tasklets is pickled with them when the pickled
// object reaches it; a channel reached only through the blocking calls of
// its own waiters (the helper record at the top of each, whose arguments
// hold it) was not pickled by the user: its waiters come back not blocked,
// as in Stackless, where a tasklet's reduction does not hold its channel.
// Marks in d->strong every record reachable from the root without going
// through the `fields` of such a helper record or the stored fields of a
// record bound to the running program (a module's stored contents). False
// if out of memory.
static bool mark_strong(Dec *d) {
    enum { CH_WAITING = 6, T_TOP = 15, H_FIELDS = 7 };
    uint8_t *skip = calloc(d->n, 1);
    uint32_t *queue = malloc(sizeof(uint32_t) * d->n);
    d->strong = calloc(d->n, 1);
    if (!skip || !queue || !d->strong) {
        free(skip);
        free(queue);
        err_format(&MemoryErrorType, "out of memory decoding a pickle");
        return false;
    }
    FOR_KIND(d, K_CHANNEL, c) {
        msgpack_object *w = field(d, c, CH_WAITING);
        for (uint32_t k = 0; k < w->via.array.size; k++) {
            msgpack_object *t = &w->via.array.ptr[k];
            if (t->type == MSGPACK_OBJECT_NIL || d->kinds[t->via.u64] != K_TASKLET) continue;
            msgpack_object *top = field(d, (uint32_t)t->via.u64, T_TOP);
            if (top->type != MSGPACK_OBJECT_NIL && d->kinds[top->via.u64] == K_HELPER)
                skip[top->via.u64] = 1;
        }
    }
    size_t head = 0, tail = 0;
    queue[tail++] = d->root;
    d->strong[d->root] = 1;
    while (head < tail) {
        uint32_t r = queue[head++];
        if (d->bound[r]) continue; // the running program's object: its stored fields are not used
        const KindInfo *ki = &fmt_kinds[d->kinds[r]];
        for (int f = 0; f < ki->nfields; f++) {
            char sh = ki->shape[f];
            if ((sh != 'R' && sh != 'r' && sh != 'A') ||
                (skip[r] && d->kinds[r] == K_HELPER && f == H_FIELDS))
                continue;
            msgpack_object *o = field(d, r, f);
            uint32_t nrefs = sh == 'A' ? o->via.array.size : 1;
            for (uint32_t k = 0; k < nrefs; k++) {
                msgpack_object *ref = sh == 'A' ? &o->via.array.ptr[k] : o;
                if (ref->type == MSGPACK_OBJECT_NIL || d->strong[ref->via.u64]) continue;
                d->strong[ref->via.u64] = 1;
                queue[tail++] = (uint32_t)ref->via.u64;
            }
        }
    }
    free(skip);
    free(queue);
    return true;
}

static bool validate(Dec *d) {
    if (!revmap_build(&d->chains, d->objs, d->n, d->kinds, true)) return false;
    RevMap *rm = &d->chains;
    uint8_t *state = d->state;
    // Code objects.
    FOR_KIND(d, K_CODE, i) {
        if (d->bound[i]) continue;
        Code *c = (Code *)d->objs[i];
        if (!all_str(c->names) || !all_str(c->varnames) || !all_str(c->cellvars) ||
            !all_str(c->freevars))
            return bad(d, i, "a name table holds a non-str");
        if (c->varnames->len != c->nlocals || c->cellvars->len != c->ncells ||
            c->freevars->len != c->nfrees)
            return bad(d, i, "name tables do not match the counts");
        int64_t nparams = (int64_t)c->argcount + c->kwonlyargcount +
                          ((c->flags & CO_VARARGS) != 0) + ((c->flags & CO_VARKEYWORDS) != 0);
        if (c->posonlyargcount > c->argcount || nparams > c->nlocals)
            return bad(d, i, "parameter counts do not fit its locals");
        if (!code_depths(c)) {
            return bad_pending(d, i, "bytecode does not verify: ");
        }
    }
    // Functions: closures match their code.
    FOR_KIND(d, K_FUNC, i) {
        if (d->bound[i]) continue;
        Func *f = (Func *)d->objs[i];
        int64_t nc = f->closure ? f->closure->len : 0;
        if (nc != f->code->nfrees) return bad(d, i, "closure size does not match its code");
        for (int64_t k = 0; k < nc; k++)
            if (!val_is(f->closure->items[k], &CellType))
                return bad(d, i, "closure item is not a cell");
    }
    // Tasklets: their chains.
    FOR_KIND(d, K_TASKLET, i) {
        Tasklet *t = (Tasklet *)d->objs[i];
        if (d->reuse && d->bound[i]) {
            // Kept as it is (keep_nested_chains): its records are in use.
            for (Value r = t->top; r;) {
                int64_t ri = revmap_get(rm, r);
                if (ri >= 0) state[ri] = 1;
                r = rec_back(r);
            }
            continue;
        }
        if (!type_is_subtype(t->obj.type, &TaskletType) && t->obj.type != &TaskletType)
            return bad(d, i, "its class is not a tasklet class");
        if (t->state == TS_ALIVE && !t->top) return bad(d, i, "an alive tasklet needs a chain");
        if (t->state != TS_ALIVE && t->top) return bad(d, i, "only an alive tasklet has a chain");
        if (!t->top) continue;
        int64_t depth = 0;
        Value bottom = VAL_NULL;
        if (!t->started && !t->is_main) {
            if (!val_is(t->top, &HelperType) || ((Helper *)t->top)->back ||
                ((Helper *)t->top)->label != 0)
                return bad(d, i, "an unstarted tasklet's chain is its start record");
        }
        if ((t->started || t->is_main) &&
            !check_chain(d, i, t->top, t->resume == RESUME_CONTINUE, rm, state, &depth, &bottom))
            return false;
        if (!t->started && !t->is_main) {
            int64_t ri = revmap_get(rm, t->top);
            if (ri < 0 || state[ri]) return bad(d, i, "its chain shares or repeats a record");
            state[ri] = 1;
            bottom = t->top;
            depth = 0;
        }
        Helper *b = (Helper *)bottom;
        if (t->is_main) {
            if (!val_is(bottom, &FrameType) || !(((Frame *)bottom)->code->flags & CO_MODULE))
                return bad(d, i, "the main tasklet's chain does not start with module code");
        } else if (!val_is(bottom, &HelperType) ||
                   strcmp(b->def->name, "stackless.tasklet_start") != 0 || b->fields[0] != (Value)t)
            return bad(d, i, "its chain does not start with its own start record");
        if ((t->resume_exc && !(val_type(t->resume_exc)->flags & TF_EXCEPTION)) ||
            (t->send_exc && !(val_type(t->send_exc)->flags & TF_EXCEPTION)))
            return bad(d, i, "a pending exception is not an exception instance");
        if (t->resume == RESUME_CONTINUE && !val_is(t->top, &FrameType))
            return bad(d, i, "a preempted tasklet's top record must be a frame");
        if (!t->exc_info) t->exc_info = VAL_NONE;
        if (!exc_info_ok(t->exc_info))
            return bad(d, i, "field 'exc_info' is not None or an exception instance");
        if (d->reuse) continue; // in place: scheduler links and C state are kept
        t->depth = depth;
        t->nesting = 0;
        t->cstack = NULL;
        t->next = t->prev = NULL;
        t->channel = NULL;
        t->dir = 0;
    }
    // Generators and their frames (suspended ones: at a yield).
    FOR_KIND(d, K_GENERATOR, i) {
        Generator *g = (Generator *)d->objs[i];
        if (!g->exc_info) return bad(d, i, "field 'exc_info' is missing");
        if (!exc_info_ok(g->exc_info))
            return bad(d, i, "field 'exc_info' is not None or an exception instance");
        if (g->state == GEN_FINISHED) {
            if (g->frame) return bad(d, i, "a finished generator has no frame");
            continue;
        }
        if (!g->frame) return bad(d, i, "a generator needs its frame");
        Frame *f = g->frame;
        if (f->gen != (Value)g) return bad(d, i, "its frame belongs to another generator");
        if (!(f->code->flags & CO_GENERATOR)) return bad(d, i, "its code is not a generator's");
        int64_t fi = revmap_get(rm, (Value)f);
        if (g->state == GEN_RUNNING) {
            if (fi < 0 || !state[fi]) return bad(d, i, "a running generator must be in a tasklet");
            continue;
        }
        if (f->back) return bad(d, i, "a suspended generator's frame is linked");
        if (fi >= 0) state[fi] = 2;
        if (!check_frame(d, (uint32_t)fi, f, true, g->state == GEN_CREATED)) return false;
        if (g->state == GEN_SUSPENDED && INSTR_OP(f->code->instrs[f->ip]) != OP_YIELD_VALUE)
            return bad(d, (uint32_t)fi, "a suspended generator must be at a yield");
    }
    // Frames and helpers outside any chain: never resumed (tracebacks).
    FOR_KIND(d, K_FRAME, i) {
        if (state[i]) continue;
        Frame *f = (Frame *)d->objs[i];
        if (f->gen && ((Generator *)f->gen)->frame == f &&
            ((Generator *)f->gen)->state != GEN_FINISHED)
            continue; // checked with its generator
        code_depths(f->code);
        // Detached: make sure it can never run.
        f->back = VAL_NULL;
    }
    // A helper record reached only through a finished frame's stale back
    // link: detached too (nothing can step it).
    FOR_KIND(d, K_HELPER, i)
    if (!state[i]) ((Helper *)d->objs[i])->back = VAL_NULL;
    // Helper records in chains: typed fields and their helper's invariants.
    FOR_KIND(d, K_HELPER, i) {
        if (d->bound[i] || state[i] != 1) continue;
        if (!helper_check_fields((Helper *)d->objs[i])) {
            return bad_pending(d, i, "");
        }
    }
    // Iterators whose position depends on a built container, instances,
    // exceptions and channels (the kinds of the last checks, kind by kind).
    static const Kind last[] = {K_DICT_ITER, K_SET_ITER, K_INSTANCE, K_EXCEPTION, K_CHANNEL};
    for (size_t lk = 0; lk < sizeof last / sizeof last[0]; lk++) FOR_KIND(d, last[lk], i) {
            if (d->kinds[i] == K_DICT_ITER) {
                DictIter *it = (DictIter *)d->objs[i];
                if (!it->dict) continue;
                int64_t consumed = it->pos;
                if (consumed > it->used) return bad(d, i, "consumed more items than its dict had");
                dict_iter_restore(it, consumed);
                it->remaining = it->used - consumed;
            } else if (d->kinds[i] == K_SET_ITER) {
                SetIter *it = (SetIter *)d->objs[i];
                if (it->set && (it->pos > it->set->mask + 1 || it->remaining > it->set->used))
                    return bad(d, i, "position does not match its set");
            } else if (d->kinds[i] == K_INSTANCE) {
                Type *t = val_type(d->objs[i]);
                if (!(t->flags & TF_HEAPTYPE) || t->inst_size != sizeof(Instance) ||
                    (t->flags & TF_EXCEPTION) || type_is_subtype(t, &TaskletType) ||
                    type_is_subtype(t, &ChannelType))
                    return bad(d, i, "its class does not make plain instances");
                if (!((Instance *)d->objs[i])->dict) ((Instance *)d->objs[i])->dict = dict_new();
            } else if (d->kinds[i] == K_EXCEPTION) {
                Type *t = val_type(d->objs[i]);
                if (!(t->flags & TF_EXCEPTION))
                    return bad(d, i, "its class is not an exception class");
            } else if (d->kinds[i] == K_CHANNEL) {
                Channel *c = (Channel *)d->objs[i];
                if (c->obj.type != &ChannelType && !type_is_subtype(c->obj.type, &ChannelType))
                    return bad(d, i, "its class is not a channel class");
                int64_t n;
                Value *w = ref_array(d, i, 6, &n);
                if (c->balance != n && c->balance != -n)
                    return bad(d, i, "balance does not match its waiting tasklets");
                if (n && !d->reuse && !d->sched) {
                    if (!d->strong && !mark_strong(d)) return false;
                    if (!d->strong[i]) {
                        // Reached only through its waiters' blocking calls:
                        // not pickled as such (SPEC.md "Tasklets and channels").
                        c->balance = 0;
                        c->head = NULL;
                        continue;
                    }
                }
                if (d->reuse) {
                    // In place: the queue is kept; it must be what was stored.
                    Tasklet *t = c->head;
                    for (int64_t k = 0; k < n; k++, t = t->next)
                        if (!t || (Value)t != w[k]) return bad(d, i, "waiting tasklets differ");
                    continue;
                }
                Tasklet *prev = NULL;
                c->head = NULL;
                for (int64_t k = 0; k < n; k++) {
                    Tasklet *t = (Tasklet *)w[k];
                    if (!t || !val_isinstance((Value)t, &TaskletType) || t->channel || t->next ||
                        t->state != TS_ALIVE || !t->started || !val_is(t->top, &HelperType))
                        return bad(d, i, "a waiting tasklet is not a blocked tasklet");
                    t->channel = c;
                    t->dir = c->balance > 0 ? 1 : -1;
                    if (!prev) {
                        c->head = t;
                        t->next = t->prev = t;
                    } else {
                        t->prev = prev;
                        t->next = c->head;
                        prev->next = t;
                        c->head->prev = t;
                    }
                    prev = t;
                }
            }
        }
    return !d->sched || d->kinds[d->root] != K_SCHEDULER || check_scheduler(d);
}

// ---- entry point -------------------------------------------------------------------------

Value fmt_loads(const uint8_t *data, size_t len, const FmtOptions *opt) {
    return fmt_decode(data, len, opt, NULL, 0);
}

static Value decode(const uint8_t *data, size_t len, const FmtOptions *opt, Value *reuse,
                    size_t nreuse, FmtScheduler *sched);

Value fmt_loads_resume(const uint8_t *data, size_t len, FmtScheduler *s, bool *is_scheduler) {
    static const FmtOptions opt = {.bind_modules = false};
    memset(s, 0, sizeof *s);
    Value r = decode(data, len, &opt, NULL, 0, s);
    *is_scheduler = r && s->main;
    return *is_scheduler ? s->main : r;
}

// Pickle-everywhere: a tasklet with Python code called by C code outside
// the helper protocol on its stack keeps running on its C stack, whose
// activations hold unsynced state of its records: leave the tasklet and
// its chain as they are (bound).
static bool keep_nested_chains(Dec *d) {
    RevMap m = {0};
    if (!revmap_build(&m, d->reuse, d->n, d->kinds, false)) return false;
    FOR_KIND(d, K_TASKLET, i) {
        Tasklet *t = (Tasklet *)d->reuse[i];
        if (!t->nesting) continue;
        d->bound[i] = 1;
        int64_t guard = 0;
        for (Value r = t->top; r && guard < 100000000; guard++) {
            int64_t ri = revmap_get(&m, r);
            if (ri >= 0) d->bound[ri] = 1;
            r = rec_back(r);
        }
    }
    revmap_free(&m);
    return true;
}

Value fmt_decode(const uint8_t *data, size_t len, const FmtOptions *opt, Value *reuse,
                 size_t nreuse) {
    return decode(data, len, opt, reuse, nreuse, NULL);
}

// Sort the record ids by kind (d->order, d->start: FOR_KIND).
static bool index_kinds(Dec *d) {
    memset(d->start, 0, sizeof d->start);
    for (uint32_t i = 0; i < d->n; i++) d->start[d->kinds[i] + 1]++;
    for (int k = 0; k < K_MAX_PLUS_ONE; k++) d->start[k + 1] += d->start[k];
    d->order = malloc(sizeof(uint32_t) * d->n);
    if (!d->order) {
        err_format(&MemoryErrorType, "out of memory decoding a pickle");
        return false;
    }
    uint32_t at[K_MAX_PLUS_ONE];
    memcpy(at, d->start, sizeof at);
    for (uint32_t i = 0; i < d->n; i++) d->order[at[d->kinds[i]]++] = i;
    return true;
}

static Value decode(const uint8_t *data, size_t len, const FmtOptions *opt, Value *reuse,
                    size_t nreuse, FmtScheduler *sched) {
    static const FmtOptions dflt = {true};
    FmtTree u;
    Value result = VAL_NULL;
    uint32_t root = 0;
    Dec d = {0};
    msgpack_object *objs = fmt_parse(&u, data, len, &root);
    if (!objs) goto done;
    d = (Dec){.recs = objs->via.array.ptr,
              .n = objs->via.array.size,
              .opt = opt ? opt : &dflt,
              .root = root,
              .sched = sched,
              .len = len};
    if (reuse) {
        if (nreuse != d.n) {
            bad(NULL, 0, "in-place decoding of a different object table");
            goto done;
        }
        d.reuse = reuse;
    }
    d.objs = gc_alloc(sizeof(Value) * d.n);
    d.kinds = calloc(3, d.n);
    if (!d.kinds) {
        err_format(&MemoryErrorType, "out of memory decoding a pickle");
        goto done;
    }
    d.bound = d.kinds + d.n;
    d.state = d.bound + d.n;
    for (uint32_t i = 0; i < d.n; i++)
        if (!fmt_check_shape(d.recs, d.n, i, &d.kinds[i])) goto done;
    if (!index_kinds(&d)) goto done;
    if (d.reuse && !keep_nested_chains(&d)) goto done;
    for (uint32_t i = 0; i < d.n; i++)
        if (!d.bound[i] && !make_shell(&d, i)) goto done;
    for (uint32_t i = 0; d.reuse && i < d.n; i++)
        if (d.bound[i]) d.objs[i] = d.reuse[i];
    if (!bind_modules(&d)) goto done;
    for (uint32_t i = 0; i < d.n; i++)
        if (!d.bound[i] && !fill(&d, i)) goto done;
    if (!build_classes(&d) || !build_containers(&d) || !validate(&d)) goto done;
    result = d.objs[root];
done:
    free(d.kinds);
    free(d.order);
    free(d.strong);
    revmap_free(&d.chains);
    fmt_tree_free(&u);
    // The parsed objects point into [data]: keep it alive until here.
    GC_reachable_here(data);
    return result;
}

int64_t fmt_roundtrip_world(Value tasklets) {
    // Every tasklet is switched out: no record is running now.
    Value saved_top = vm.top;
    vm.top = VAL_NULL;
    EncFlags flags = {.world = true};
    Value *table = NULL;
    size_t n = 0;
    Value data = fmt_encode(tasklets, &flags, &table, &n);
    vm.top = saved_top;
    if (!data) return -1;
    FmtOptions opt = {.bind_modules = true};
    Bytes *b = (Bytes *)data;
    if (!fmt_decode(b->data, (size_t)b->len, &opt, table, n)) return -1;
    return b->len;
}
