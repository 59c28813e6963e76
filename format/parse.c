// parse.c — the first look at a pickle, shared by the decoder (decode.c)
// and the disassembler (dis.c) so that both refuse exactly the same
// malformed input with the same message: parsing the msgpack value, the
// header checks, the shape check of every record (SPEC.md sections 1-3)
// and the UnpicklingError messages themselves.
#include "err.h"
#include "fmt_impl.h"
#include "str.h"

#include <stdlib.h>
#include <string.h>

bool fmt_utf8_valid(const uint8_t *s, size_t n, int64_t *nchars) {
    int64_t c = 0;
    for (size_t i = 0; i < n; c++) {
        uint8_t b = s[i];
        size_t len;
        uint32_t cp;
        if (b < 0x80) {
            i++;
            continue;
        } else if ((b & 0xe0) == 0xc0) {
            len = 2;
            cp = b & 0x1f;
        } else if ((b & 0xf0) == 0xe0) {
            len = 3;
            cp = b & 0x0f;
        } else if ((b & 0xf8) == 0xf0) {
            len = 4;
            cp = b & 0x07;
        } else {
            return false;
        }
        if (i + len > n) return false;
        for (size_t j = 1; j < len; j++) {
            if ((s[i + j] & 0xc0) != 0x80) return false;
            cp = (cp << 6) | (s[i + j] & 0x3f);
        }
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
            cp > 0x10ffff)
            return false;
        i += len;
    }
    *nchars = c;
    return true;
}

bool fmt_verror(int64_t obj, const char *kind, const char *fmt, va_list ap) {
    Str *m = str_vprintf(fmt, ap);
    int64_t nchars;
    if (!fmt_utf8_valid((const uint8_t *)m->data, (size_t)m->len, &nchars)) {
        // Names taken from a corrupted pickle: keep the message valid UTF-8.
        char *clean = gc_alloc_atomic((size_t)m->len + 1);
        for (int64_t k = 0; k < m->len; k++)
            clean[k] = (unsigned char)m->data[k] < 0x80 ? m->data[k] : '?';
        m = str_new(clean, m->len);
    }
    if (obj >= 0)
        err_format(fmt_unpickling_error, "invalid pickle: object %lld (%s): %S", (long long)obj,
                   kind ? kind : "?", m);
    else
        err_format(fmt_unpickling_error, "invalid pickle: %S", m);
    return false;
}

// UnpicklingError "invalid pickle: MESSAGE"; returns false.
static bool invalid(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fmt_verror(-1, NULL, fmt, ap);
    va_end(ap);
    return false;
}

// The same about object [i] of kind [kind].
static bool invalid_obj(uint32_t i, uint8_t kind, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fmt_verror(i, fmt_kinds[kind].name, fmt, ap);
    va_end(ap);
    return false;
}

static bool check_header(msgpack_object *top, uint32_t *root, msgpack_object **objs) {
    if (top->type != MSGPACK_OBJECT_ARRAY || top->via.array.size != 6)
        return invalid("not a prickle pickle (bad header)");
    msgpack_object *h = top->via.array.ptr;
    if (h[0].type != MSGPACK_OBJECT_STR || h[0].via.str.size != 4 ||
        memcmp(h[0].via.str.ptr, FMT_MAGIC, 4) != 0)
        return invalid("not a prickle pickle (bad magic)");
    if (h[1].type != MSGPACK_OBJECT_POSITIVE_INTEGER) return invalid("bad format version");
    if (h[1].via.u64 != FMT_VERSION)
        return invalid("format version %llu is not supported (this build reads version %d)",
                       (unsigned long long)h[1].via.u64, FMT_VERSION);
    if (h[2].type != MSGPACK_OBJECT_POSITIVE_INTEGER || h[2].via.u64 != fmt_bytecode_version())
        return invalid(
            "bytecode version %llu does not match this build's %u",
            (unsigned long long)(h[2].type == MSGPACK_OBJECT_POSITIVE_INTEGER ? h[2].via.u64 : 0),
            fmt_bytecode_version());
    if (h[3].type != MSGPACK_OBJECT_MAP) return invalid("bad info map");
    if (h[5].type != MSGPACK_OBJECT_ARRAY || h[5].via.array.size == 0)
        return invalid("bad object table");
    if (h[4].type != MSGPACK_OBJECT_POSITIVE_INTEGER || h[4].via.u64 >= h[5].via.array.size)
        return invalid("bad root reference");
    *root = (uint32_t)h[4].via.u64;
    *objs = &h[5];
    return true;
}

// Big-endian unsigned integer of [n] bytes at [p].
static uint64_t get_be(const uint8_t *p, int n) {
    uint64_t x = 0;
    for (int k = 0; k < n; k++) x = x << 8 | p[k];
    return x;
}

// ---- the msgpack reader --------------------------------------------------------------------
//
// msgpack-c's generic unpacker (a state machine writing into a zone) cost a
// quarter of fmt_loads, and it allocates a container's items before reading
// them, which needed a pre-scan to bound what a lying header could claim.
// This reader builds the same msgpack_object tree (tests/unit/test_mpread.c
// checks it against msgpack_unpack_next) in one pass: every claimed item
// must fit in the bytes that are left (each takes at least one), so the
// nodes never outnumber the input's bytes. The format nests four levels
// (header, object table, record, field array); deeper input is refused.

enum { TREE_CHUNK = 4096, TREE_MAX_DEPTH = 16 };

struct FmtChunk {
    FmtChunk *next;
    size_t cap, used;
    msgpack_object nodes[];
};

// Chunks of finished trees, kept for the next parse (up to a few MB).
static FmtChunk *spare;
static size_t spare_nodes;

static msgpack_object *tree_alloc(FmtTree *t, size_t n) {
    FmtChunk *c = t->chunks;
    if (!c || c->cap - c->used < n) {
        FmtChunk **sp = &spare;
        while (*sp && (*sp)->cap < n) sp = &(*sp)->next;
        if (*sp) {
            c = *sp;
            *sp = c->next;
            spare_nodes -= c->cap;
        } else {
            size_t cap = n > TREE_CHUNK ? n : TREE_CHUNK;
            c = malloc(sizeof(FmtChunk) + cap * sizeof(msgpack_object));
            if (!c) return NULL;
            c->cap = cap;
        }
        c->used = 0;
        c->next = t->chunks;
        t->chunks = c;
    }
    msgpack_object *o = c->nodes + c->used;
    c->used += n;
    return o;
}

void fmt_tree_free(FmtTree *t) {
    // (the bytes were needed until here)
    GC_reachable_here(t->data);
    t->data = NULL;
    while (t->chunks) {
        FmtChunk *c = t->chunks;
        t->chunks = c->next;
        if (spare_nodes + c->cap <= (size_t)1 << 18) {
            c->next = spare;
            spare = c;
            spare_nodes += c->cap;
        } else {
            free(c);
        }
    }
}

typedef struct {
    const uint8_t *p, *end;
    FmtTree *tree;
    const char *error; // why the input is refused
} Reader;

static const char truncated[] = "pickle data was truncated";

static bool need(Reader *r, size_t n) {
    if ((size_t)(r->end - r->p) >= n) return true;
    r->error = truncated;
    return false;
}

// A str, bin or ext payload of [n] bytes.
static bool read_raw(Reader *r, msgpack_object *o, msgpack_object_type type, uint64_t n) {
    if (!need(r, n)) return false;
    o->type = type;
    if (type == MSGPACK_OBJECT_EXT) {
        o->via.ext.type = (int8_t)r->p[-1];
        o->via.ext.size = (uint32_t)n;
        o->via.ext.ptr = (const char *)r->p;
    } else {
        // (str and bin share the layout of their union members)
        o->via.bin.size = (uint32_t)n;
        o->via.bin.ptr = (const char *)r->p;
    }
    r->p += n;
    return true;
}

static void set_int(msgpack_object *o, int64_t x) {
    if (x < 0) {
        o->type = MSGPACK_OBJECT_NEGATIVE_INTEGER;
        o->via.i64 = x;
    } else {
        o->type = MSGPACK_OBJECT_POSITIVE_INTEGER;
        o->via.u64 = (uint64_t)x;
    }
}

// Read the value of type byte [b] (already consumed) into [o]; a container
// only gets its size in [*items] (and its type in [o]): read_tree fills it.
static bool read_one(Reader *r, uint8_t b, msgpack_object *o, uint64_t *items) {
    *items = 0;
    if (b <= 0x7f) {
        o->type = MSGPACK_OBJECT_POSITIVE_INTEGER;
        o->via.u64 = b;
        return true;
    }
    if (b >= 0xe0) {
        o->type = MSGPACK_OBJECT_NEGATIVE_INTEGER;
        o->via.i64 = (int8_t)b;
        return true;
    }
    if (b <= 0x8f) {
        o->type = MSGPACK_OBJECT_MAP;
        *items = b & 0x0f;
        return true;
    }
    if (b <= 0x9f) {
        o->type = MSGPACK_OBJECT_ARRAY;
        *items = b & 0x0f;
        return true;
    }
    if (b <= 0xbf) return read_raw(r, o, MSGPACK_OBJECT_STR, b & 0x1f);
    // Lengths of what follows the type byte (0: none).
    static const uint8_t widths[32] = {
        [0x04] = 1, [0x05] = 2, [0x06] = 4, [0x07] = 1, [0x08] = 2, [0x09] = 4,
        [0x0a] = 4, [0x0b] = 8, [0x0c] = 1, [0x0d] = 2, [0x0e] = 4, [0x0f] = 8,
        [0x10] = 1, [0x11] = 2, [0x12] = 4, [0x13] = 8, [0x19] = 1, [0x1a] = 2,
        [0x1b] = 4, [0x1c] = 2, [0x1d] = 4, [0x1e] = 2, [0x1f] = 4,
    };
    int w = widths[b - 0xc0];
    uint64_t x = 0;
    if (w) {
        if (!need(r, (size_t)w)) return false;
        x = get_be(r->p, w);
        r->p += w;
    }
    switch (b) {
    case 0xc0: o->type = MSGPACK_OBJECT_NIL; return true;
    case 0xc2:
    case 0xc3:
        o->type = MSGPACK_OBJECT_BOOLEAN;
        o->via.boolean = b == 0xc3;
        return true;
    case 0xc4:
    case 0xc5:
    case 0xc6: return read_raw(r, o, MSGPACK_OBJECT_BIN, x);
    case 0xc7:
    case 0xc8:
    case 0xc9:
        if (!need(r, 1)) return false;
        r->p++; // the ext type byte
        return read_raw(r, o, MSGPACK_OBJECT_EXT, x);
    case 0xca: {
        uint32_t bits = (uint32_t)x;
        float f;
        memcpy(&f, &bits, 4);
        o->type = MSGPACK_OBJECT_FLOAT32;
        o->via.f64 = f;
        return true;
    }
    case 0xcb:
        o->type = MSGPACK_OBJECT_FLOAT64;
        memcpy(&o->via.f64, &x, 8);
        return true;
    case 0xcc:
    case 0xcd:
    case 0xce:
    case 0xcf:
        o->type = MSGPACK_OBJECT_POSITIVE_INTEGER;
        o->via.u64 = x;
        return true;
    case 0xd0: set_int(o, (int8_t)x); return true;
    case 0xd1: set_int(o, (int16_t)x); return true;
    case 0xd2: set_int(o, (int32_t)x); return true;
    case 0xd3: set_int(o, (int64_t)x); return true;
    case 0xd4:
    case 0xd5:
    case 0xd6:
    case 0xd7:
    case 0xd8:
        if (!need(r, 1)) return false;
        r->p++;
        return read_raw(r, o, MSGPACK_OBJECT_EXT, (uint64_t)1 << (b - 0xd4));
    case 0xd9:
    case 0xda:
    case 0xdb: return read_raw(r, o, MSGPACK_OBJECT_STR, x);
    case 0xdc:
    case 0xdd:
        o->type = MSGPACK_OBJECT_ARRAY;
        *items = x;
        return true;
    case 0xde:
    case 0xdf:
        o->type = MSGPACK_OBJECT_MAP;
        *items = x;
        return true;
    default: r->error = "pickle data is not well-formed msgpack"; return false; // 0xc1
    }
}

// Read one value into [top], containers included, without C recursion: an
// explicit stack of the containers being filled. The common items of
// records (small ints and references, nil) take the fast path.
static bool read_tree(Reader *r, msgpack_object *top) {
    struct {
        msgpack_object *next, *end;
    } open[TREE_MAX_DEPTH];
    int depth = 0;
    msgpack_object *o = top, *end = top + 1;
    const uint8_t *p = r->p, *stop = r->end; // (r->p is synced around read_one)
    for (;;) {
        while (o == end) {
            if (depth == 0) {
                r->p = p;
                return true;
            }
            depth--;
            o = open[depth].next;
            end = open[depth].end;
        }
        size_t left = (size_t)(stop - p);
        if (left == 0) {
            r->error = truncated;
            return false;
        }
        uint8_t b = p[0];
        if (b <= 0x7f) {
            o->type = MSGPACK_OBJECT_POSITIVE_INTEGER;
            o->via.u64 = b;
            p++;
            o++;
            continue;
        }
        if (b == 0xcd && left >= 3) {
            o->type = MSGPACK_OBJECT_POSITIVE_INTEGER;
            o->via.u64 = (uint64_t)p[1] << 8 | p[2];
            p += 3;
            o++;
            continue;
        }
        if (b == 0xc0) {
            o->type = MSGPACK_OBJECT_NIL;
            p++;
            o++;
            continue;
        }
        r->p = p + 1;
        uint64_t n;
        if (!read_one(r, b, o, &n)) return false;
        p = r->p;
        if (o->type != MSGPACK_OBJECT_ARRAY && o->type != MSGPACK_OBJECT_MAP) {
            o++;
            continue;
        }
        // A container: every claimed item takes at least one byte.
        bool map = o->type == MSGPACK_OBJECT_MAP;
        uint64_t nodes = map ? 2 * n : n;
        if (nodes > (uint64_t)(stop - p)) {
            r->error = truncated;
            return false;
        }
        msgpack_object *items = NULL;
        if (nodes && !(items = tree_alloc(r->tree, (size_t)nodes))) {
            r->error = "pickle data claims more memory than is available";
            return false;
        }
        if (map) {
            o->via.map.size = (uint32_t)n;
            o->via.map.ptr = (msgpack_object_kv *)items;
        } else {
            o->via.array.size = (uint32_t)n;
            o->via.array.ptr = items;
        }
        if (!nodes) {
            o++;
            continue;
        }
        if (depth == TREE_MAX_DEPTH) {
            r->error = "pickle data nests deeper than the format does";
            return false;
        }
        open[depth].next = o + 1;
        open[depth].end = end;
        depth++;
        o = items;
        end = items + nodes;
    }
}

const char *fmt_read_msgpack(FmtTree *t, const uint8_t *data, size_t len, size_t *used) {
    t->chunks = NULL;
    t->data = data;
    Reader r = {data, data + len, t, NULL};
    if (!read_tree(&r, &t->top)) return r.error;
    *used = (size_t)(r.p - data);
    return NULL;
}

const char *fmt_skip_value(const uint8_t *p, size_t len, size_t *pos) {
    if (*pos > len) return truncated;
    FmtTree t;
    size_t used = 0;
    const char *why = fmt_read_msgpack(&t, p + *pos, len - *pos, &used);
    fmt_tree_free(&t);
    if (!why) *pos += used;
    return why;
}

msgpack_object *fmt_parse(FmtTree *t, const uint8_t *data, size_t len, uint32_t *root) {
    size_t off = 0;
    const char *why = fmt_read_msgpack(t, data, len, &off);
    if (why) {
        invalid("%s", why);
        return NULL;
    }
    if (off != len && (t->top.type != MSGPACK_OBJECT_ARRAY || t->top.via.array.size != 6)) {
        invalid("not a prickle pickle (bad header)");
        return NULL;
    }
    if (off != len) {
        invalid("%zu bytes of trailing data after the pickle", len - off);
        return NULL;
    }
    msgpack_object *objs = NULL;
    if (!check_header(&t->top, root, &objs)) return NULL;
    return objs;
}

static bool is_int(const msgpack_object *o) {
    return o->type == MSGPACK_OBJECT_NEGATIVE_INTEGER ||
           (o->type == MSGPACK_OBJECT_POSITIVE_INTEGER && o->via.u64 <= INT64_MAX);
}

static bool is_ref(uint32_t n, const msgpack_object *o, bool nil_ok) {
    if (o->type == MSGPACK_OBJECT_NIL) return nil_ok;
    return o->type == MSGPACK_OBJECT_POSITIVE_INTEGER && o->via.u64 < n;
}

// Field [f]'s name in the space-separated list [names], for messages.
static void field_name(const char *names, size_t f, const char **name, int *len) {
    for (; f > 0 && *names; f--) {
        names += strcspn(names, " ");
        names += strspn(names, " ");
    }
    *name = names;
    *len = (int)strcspn(names, " ");
}

bool fmt_check_shape(const msgpack_object *recs, uint32_t n, uint32_t i, uint8_t *kind) {
    const msgpack_object *r = &recs[i];
    *kind = 0;
    if (r->type != MSGPACK_OBJECT_ARRAY || r->via.array.size == 0)
        return invalid("object %u is not a record", i);
    const msgpack_object *k = &r->via.array.ptr[0];
    if (k->type != MSGPACK_OBJECT_POSITIVE_INTEGER || k->via.u64 >= K_MAX_PLUS_ONE ||
        !fmt_kinds[k->via.u64].name)
        return invalid("object %u has an unknown record kind", i);
    *kind = (uint8_t)k->via.u64;
    const KindInfo *ki = &fmt_kinds[*kind];
    size_t nf = ki->nfields;
    if (r->via.array.size != nf + 1)
        return invalid_obj(i, *kind, "%u fields, expected %zu", r->via.array.size - 1, nf);
    for (size_t f = 0; f < nf; f++) {
        const msgpack_object *o = &r->via.array.ptr[1 + f];
        bool ok = false;
        switch (ki->shape[f]) {
        case 'R': ok = is_ref(n, o, false); break;
        case 'r': ok = is_ref(n, o, true); break;
        case 'i': ok = is_int(o); break;
        case 'u': ok = o->type == MSGPACK_OBJECT_POSITIVE_INTEGER; break;
        case 'f':
            ok = o->type == MSGPACK_OBJECT_FLOAT64 || o->type == MSGPACK_OBJECT_FLOAT32;
            break;
        case 'B': ok = o->type == MSGPACK_OBJECT_BOOLEAN; break;
        case 's':
            // Every str field but a str record's value is a name: no NUL in it.
            ok = o->type == MSGPACK_OBJECT_STR && (*kind == K_STR || o->via.str.size == 0 ||
                                                   !memchr(o->via.str.ptr, 0, o->via.str.size));
            break;
        case 'b': ok = o->type == MSGPACK_OBJECT_BIN; break;
        case 'A':
        case 'I':
            ok = o->type == MSGPACK_OBJECT_ARRAY;
            for (uint32_t j = 0; ok && j < o->via.array.size; j++)
                ok = ki->shape[f] == 'A' ? is_ref(n, &o->via.array.ptr[j], true)
                                         : is_int(&o->via.array.ptr[j]);
            break;
        }
        if (!ok) {
            const char *name;
            int len;
            field_name(ki->fields, f, &name, &len);
            return invalid_obj(i, *kind, "field '%.*s' is malformed", len, name);
        }
    }
    return true;
}
