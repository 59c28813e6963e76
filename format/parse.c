// parse.c — the first look at a pickle, shared by the decoder (decode.c)
// and the disassembler (dis.c) so that both refuse exactly the same
// malformed input with the same message: parsing the msgpack value, the
// header checks, the shape check of every record (SPEC.md sections 1-3)
// and the UnpicklingError messages themselves.
#include "err.h"
#include "fmt_impl.h"
#include "str.h"

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

// msgpack-c allocates a container's items before reading them, so an array
// header claiming 2^32 items in a 5-byte input would cost 128 GB; here
// every claimed item must fit in the bytes that are left (each takes at
// least one), which bounds what msgpack-c allocates by the input's size.
const char *fmt_skip_value(const uint8_t *p, size_t len, size_t *at) {
    static const char truncated[] = "pickle data was truncated";
    uint64_t pending = 1; // values still to read
    size_t pos = *at;
    while (pending > 0) {
        if (pos >= len) return truncated;
        uint8_t b = p[pos++];
        pending--;
        uint64_t skip = 0, items = 0; // payload bytes; items of a container
        if (b <= 0x7f || b >= 0xe0 || b == 0xc0 || b == 0xc2 || b == 0xc3) {
            // a whole value in one byte
        } else if (b <= 0x8f) {
            items = 2 * (uint64_t)(b & 0x0f);
        } else if (b <= 0x9f) {
            items = b & 0x0f;
        } else if (b <= 0xbf) {
            skip = b & 0x1f;
        } else if (b >= 0xc4 && b <= 0xc9) { // bin 8/16/32, ext 8/16/32
            int n = 1 << ((b - 0xc4) % 3);   // width of the length
            if (pos + n > len) return truncated;
            skip = get_be(p + pos, n) + (b >= 0xc7);
            pos += n;
        } else if (b >= 0xca && b <= 0xd3) { // float 32/64, uint 8-64, int 8-64
            static const uint8_t sizes[] = {4, 8, 1, 2, 4, 8, 1, 2, 4, 8};
            skip = sizes[b - 0xca];
        } else if (b >= 0xd4 && b <= 0xd8) { // fixext 1/2/4/8/16
            skip = 1 + (1u << (b - 0xd4));
        } else if (b >= 0xd9 && b <= 0xdf) { // str 8/16/32, array 16/32, map 16/32
            static const uint8_t widths[] = {1, 2, 4, 2, 4, 2, 4};
            int n = widths[b - 0xd9];
            if (pos + n > len) return truncated;
            uint64_t x = get_be(p + pos, n);
            pos += n;
            if (b <= 0xdb)
                skip = x;
            else
                items = b <= 0xdd ? x : 2 * x;
        } else {
            return "pickle data is not well-formed msgpack";
        }
        if (skip > len - pos) return truncated;
        pos += skip;
        if (pending > len - pos || items > len - pos - pending) return truncated;
        pending += items;
    }
    *at = pos;
    return NULL;
}

// Walk the first msgpack value of [data] without building it: false with
// the reason raised if it is truncated or uses a byte msgpack never uses.
static bool scan(const uint8_t *p, size_t len) {
    size_t pos = 0;
    const char *why = fmt_skip_value(p, len, &pos);
    return why ? invalid(why) : true;
}

msgpack_object *fmt_parse(msgpack_unpacked *u, const uint8_t *data, size_t len, uint32_t *root) {
    if (!scan(data, len)) return NULL;
    size_t off = 0;
    msgpack_unpack_return r = msgpack_unpack_next(u, (const char *)data, len, &off);
    if (r == MSGPACK_UNPACK_CONTINUE || r == MSGPACK_UNPACK_EXTRA_BYTES) {
        invalid("pickle data was truncated");
        return NULL;
    }
    if (r == MSGPACK_UNPACK_NOMEM_ERROR) {
        invalid("pickle data claims more memory than is available");
        return NULL;
    }
    if (r != MSGPACK_UNPACK_SUCCESS) {
        invalid("pickle data is not well-formed msgpack");
        return NULL;
    }
    if (off != len && (u->data.type != MSGPACK_OBJECT_ARRAY || u->data.via.array.size != 6)) {
        invalid("not a prickle pickle (bad header)");
        return NULL;
    }
    if (off != len) {
        invalid("%zu bytes of trailing data after the pickle", len - off);
        return NULL;
    }
    msgpack_object *objs = NULL;
    if (!check_header(&u->data, root, &objs)) return NULL;
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
    size_t nf = strlen(ki->shape);
    if (r->via.array.size != nf + 1)
        return invalid_obj(i, *kind, "%u fields, expected %zu", r->via.array.size - 1, nf);
    const char *name = ki->fields;
    for (size_t f = 0; f < nf; f++) {
        const msgpack_object *o = &r->via.array.ptr[1 + f];
        size_t name_len = strcspn(name, " ");
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
        if (!ok) return invalid_obj(i, *kind, "field '%.*s' is malformed", (int)name_len, name);
        name += name_len;
        while (*name == ' ') name++;
    }
    return true;
}
