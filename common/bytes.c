// bytes.c — the bytes type (immutable byte strings) with CPython 3.11's
// behaviour: construction, repr, indexing/slicing, iteration, operators and
// the common methods; and the codecs (utf-8, ascii, latin-1 with the usual
// error handlers) used by str.encode, bytes.decode and str(b, encoding).
#define _GNU_SOURCE // memmem
#include "bytes.h"

#include "containers.h"
#include "err.h"
#include "num.h"
#include "ops.h"
#include "str.h"
#include "str_impl.h"
#include "type.h"

#include <string.h>

// ---- construction ------------------------------------------------------------------

static Bytes *bytes_alloc(int64_t len) {
    Bytes *b = (Bytes *)gc_alloc_atomic(sizeof(Bytes) + (size_t)len + 1);
    b->obj.type = &BytesType;
    b->hash = -1;
    b->len = len;
    b->data[len] = 0;
    return b;
}

// A new bytes of [len] bytes for a result whose size user input controls:
// NULL with MemoryError raised if it cannot be had.
static Bytes *bytes_alloc_checked(int64_t len) {
    if (len < 0 || len > INT64_MAX - 64) {
        err_raise((Value)&MemoryErrorType);
        return NULL;
    }
    if (!gc_size_ok((uint64_t)len + sizeof(Bytes) + 1)) return NULL;
    return bytes_alloc(len);
}

Value bytes_from_raw(const uint8_t *p, int64_t len) {
    Bytes *b = bytes_alloc(len);
    if (len) memcpy(b->data, p, (size_t)len);
    return (Value)b;
}

// Append one byte value [v] (an int in range(256)) to [buf].
static bool put_byte_value(StrBuf *buf, Value v) {
    int64_t x;
    if (val_is_int(v))
        x = int_value(v);
    else if (!obj_to_index(v, &x))
        return false;
    if (x < 0 || x > 255) {
        err_format(&ValueErrorType, "bytes must be in range(0, 256)");
        return false;
    }
    strbuf_putc(buf, (char)x);
    return true;
}

Value bytes_from_object(Value x) {
    Type *t = val_type(x);
    if (t == &BytesType) return x;
    if (val_is_int(x) || t->dunders[DUNDER_INDEX]) {
        int64_t n;
        if (!obj_to_index(x, &n)) return VAL_NULL;
        if (n < 0) return err_format(&ValueErrorType, "negative count");
        Bytes *b = bytes_alloc_checked(n);
        if (!b) return VAL_NULL;
        memset(b->data, 0, (size_t)n);
        return (Value)b;
    }
    if (t == &StrType) return err_format(&TypeErrorType, "string argument without an encoding");
    if (t->flags & TF_HEAPTYPE) {
        Value m = type_lookup(t, str_intern_cstr("__bytes__"));
        if (m) {
            Value r = obj_call(m, &x, 1, NULL);
            if (!r) return VAL_NULL;
            if (!val_is(r, &BytesType))
                return err_format(&TypeErrorType, "__bytes__ returned non-bytes (type %s)",
                                  obj_type_name(r));
            return r;
        }
    }
    StrBuf buf;
    strbuf_init(&buf);
    if (t == &ListType || t == &TupleType) {
        Value *items = t == &ListType ? ((List *)x)->items : ((Tuple *)x)->items;
        int64_t n = t == &ListType ? ((List *)x)->len : ((Tuple *)x)->len;
        for (int64_t i = 0; i < n; i++)
            if (!put_byte_value(&buf, items[i])) return VAL_NULL;
        return bytes_from_raw((const uint8_t *)buf.data, buf.len);
    }
    // CPython sizes the result by the length hint first (MemoryError at once).
    if (t == &RangeType && !gc_size_ok((uint64_t)((Range *)x)->len + sizeof(Bytes) + 1))
        return VAL_NULL;
    Value it = obj_iter(x);
    if (!it) {
        if (err_matches(&TypeErrorType)) {
            err_clear();
            return err_format(&TypeErrorType, "cannot convert '%s' object to bytes", t->name);
        }
        return VAL_NULL;
    }
    for (;;) {
        Value v = obj_next(it);
        if (!v) return VAL_NULL;
        if (v == ITER_DONE) break;
        if (!put_byte_value(&buf, v)) return VAL_NULL;
    }
    return bytes_from_raw((const uint8_t *)buf.data, buf.len);
}

static Value bytes_new_slot(Type *t, Value *args, int nargs, Tuple *kwnames) {
    static const char *const names[] = {"source", "encoding", "errors"};
    Value a[3];
    if (!str_parse_args("bytes", names, 3, 0, 3, args, nargs, kwnames, a)) return VAL_NULL;
    if (!a[0]) {
        if (a[1] || a[2])
            return err_format(&TypeErrorType, a[1] ? "encoding without a string argument"
                                                   : "errors without a string argument");
        return bytes_from_raw(NULL, 0);
    }
    if (a[1] || a[2]) {
        if (!val_is(a[0], &StrType))
            return err_format(&TypeErrorType, a[1] ? "encoding without a string argument"
                                                   : "errors without a string argument");
        if (!a[1]) return err_format(&TypeErrorType, "string argument without an encoding");
        if (!val_is(a[1], &StrType))
            return err_format(&TypeErrorType, "bytes() argument 'encoding' must be str, not %s",
                              obj_type_name(a[1]));
        if (a[2] && !val_is(a[2], &StrType))
            return err_format(&TypeErrorType, "bytes() argument 'errors' must be str, not %s",
                              obj_type_name(a[2]));
        const char *enc = codec_lookup((Str *)a[1]);
        if (!enc) return VAL_NULL;
        return codec_encode((Str *)a[0], enc, a[2] ? (Str *)a[2] : NULL);
    }
    return bytes_from_object(a[0]);
}

// ---- repr --------------------------------------------------------------------------------

Str *bytes_repr_raw(const uint8_t *p, int64_t len) {
    bool sq = memchr(p, '\'', (size_t)len) != NULL, dq = memchr(p, '"', (size_t)len) != NULL;
    char quote = sq && !dq ? '"' : '\'';
    StrBuf b;
    strbuf_init(&b);
    strbuf_putc(&b, 'b');
    strbuf_putc(&b, quote);
    for (int64_t i = 0; i < len; i++) {
        uint8_t c = p[i];
        if (c == quote || c == '\\') {
            strbuf_putc(&b, '\\');
            strbuf_putc(&b, (char)c);
        } else if (c == '\t')
            strbuf_puts(&b, "\\t");
        else if (c == '\n')
            strbuf_puts(&b, "\\n");
        else if (c == '\r')
            strbuf_puts(&b, "\\r");
        else if (c < 0x20 || c >= 0x7f)
            strbuf_printf(&b, "\\x%02x", c);
        else
            strbuf_putc(&b, (char)c);
    }
    strbuf_putc(&b, quote);
    return strbuf_finish(&b);
}

static Value bytes_repr(Value self) {
    Bytes *b = (Bytes *)self;
    return (Value)bytes_repr_raw(b->data, b->len);
}

// ---- slots ---------------------------------------------------------------------------------

static int64_t bytes_hash(Value self) {
    Bytes *b = (Bytes *)self;
    if (b->hash == -1) b->hash = bytes_hash_raw(b->data, b->len);
    return b->hash;
}

static Value bytes_compare(Value a, Value b, CmpOp op) {
    if (!val_is(a, &BytesType) || !val_is(b, &BytesType)) return VAL_NOTIMPL;
    Bytes *x = (Bytes *)a, *y = (Bytes *)b;
    int64_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->data, y->data, (size_t)n);
    if (c == 0) c = x->len < y->len ? -1 : x->len > y->len;
    switch (op) {
    case CMP_LT: return val_bool(c < 0);
    case CMP_LE: return val_bool(c <= 0);
    case CMP_EQ: return val_bool(c == 0);
    case CMP_NE: return val_bool(c != 0);
    case CMP_GT: return val_bool(c > 0);
    case CMP_GE: return val_bool(c >= 0);
    }
    return VAL_NOTIMPL;
}

static Value bytes_binop(BinOp op, Value a, Value b) {
    switch (op) {
    case BINOP_ADD:
        if (!val_is(a, &BytesType)) return VAL_NOTIMPL;
        if (!val_is(b, &BytesType)) {
            if (val_type(b)->flags & TF_HEAPTYPE) return VAL_NOTIMPL;
            return err_format(&TypeErrorType, "can't concat %s to bytes", obj_type_name(b));
        }
        {
            Bytes *x = (Bytes *)a, *y = (Bytes *)b;
            if (y->len == 0) return a;
            if (x->len == 0) return b;
            Bytes *r = bytes_alloc(x->len + y->len);
            memcpy(r->data, x->data, (size_t)x->len);
            memcpy(r->data + x->len, y->data, (size_t)y->len);
            return (Value)r;
        }
    case BINOP_MUL: {
        Value s = val_is(a, &BytesType) ? a : b, n = s == a ? b : a;
        if (!val_is(s, &BytesType)) return VAL_NOTIMPL;
        int64_t k;
        if (val_is_int(n))
            k = int_value(n);
        else if (val_type(n)->dunders[DUNDER_INDEX]) {
            if (!obj_to_index(n, &k)) return VAL_NULL;
        } else {
            if (val_type(n)->flags & TF_HEAPTYPE) return VAL_NOTIMPL;
            return err_format(&TypeErrorType, "can't multiply sequence by non-int of type '%s'",
                              obj_type_name(n));
        }
        Bytes *x = (Bytes *)s;
        if (k <= 0 || x->len == 0) return bytes_from_raw(NULL, 0);
        int64_t total;
        if (__builtin_mul_overflow(x->len, k, &total))
            return err_format(&OverflowErrorType, "repeated bytes are too long");
        Bytes *r = bytes_alloc_checked(total);
        if (!r) return VAL_NULL;
        if (x->len == 1)
            memset(r->data, x->data[0], (size_t)total);
        else
            for (int64_t i = 0; i < k; i++) memcpy(r->data + i * x->len, x->data, (size_t)x->len);
        return (Value)r;
    }
    case BINOP_MOD:
        if (!val_is(a, &BytesType)) return VAL_NOTIMPL;
        return err_format(&NotImplementedErrorType,
                          "bytes %%-formatting is not supported by prickle");
    default: break;
    }
    return VAL_NOTIMPL;
}

static int bytes_bool(Value self) {
    return ((Bytes *)self)->len != 0;
}
static int64_t bytes_len(Value self) {
    return ((Bytes *)self)->len;
}

static int64_t find_raw(const uint8_t *h, int64_t a, int64_t b, const uint8_t *n, int64_t nl) {
    if (nl == 0) return a <= b ? a : -1;
    if (b - a < nl) return -1;
    const uint8_t *r = memmem(h + a, (size_t)(b - a), n, (size_t)nl);
    return r ? r - h : -1;
}

static int64_t rfind_raw(const uint8_t *h, int64_t a, int64_t b, const uint8_t *n, int64_t nl) {
    if (nl == 0) return a <= b ? b : -1;
    for (int64_t i = b - nl; i >= a; i--)
        if (h[i] == n[0] && memcmp(h + i, n, (size_t)nl) == 0) return i;
    return -1;
}

static int bytes_contains(Value self, Value item) {
    Bytes *b = (Bytes *)self;
    if (val_is(item, &BytesType)) {
        Bytes *s = (Bytes *)item;
        return find_raw(b->data, 0, b->len, s->data, s->len) >= 0;
    }
    if (val_is_int(item) || val_type(item)->dunders[DUNDER_INDEX]) {
        int64_t x;
        if (!obj_to_index(item, &x)) return -1;
        if (x < 0 || x > 255) {
            err_format(&ValueErrorType, "byte must be in range(0, 256)");
            return -1;
        }
        return memchr(b->data, (int)x, (size_t)b->len) != NULL;
    }
    err_format(&TypeErrorType, "a bytes-like object is required, not '%s'", obj_type_name(item));
    return -1;
}

static Value bytes_getitem(Value self, Value key) {
    Bytes *b = (Bytes *)self;
    if (val_is(key, &SliceType)) {
        int64_t start, stop, step, n;
        if (!slice_indices((Slice *)key, b->len, &start, &stop, &step, &n)) return VAL_NULL;
        if (n <= 0) return bytes_from_raw(NULL, 0);
        if (step == 1) {
            if (n == b->len) return self;
            return bytes_from_raw(b->data + start, n);
        }
        Bytes *r = bytes_alloc(n);
        for (int64_t i = 0; i < n; i++) r->data[i] = b->data[start + i * step];
        return (Value)r;
    }
    int64_t i;
    if (val_is_int(key))
        i = int_value(key);
    else if (val_type(key)->dunders[DUNDER_INDEX]) {
        if (!obj_to_index(key, &i)) return VAL_NULL;
    } else
        return err_format(&TypeErrorType, "byte indices must be integers or slices, not %s",
                          obj_type_name(key));
    if (i < 0) i += b->len;
    if (i < 0 || i >= b->len) return err_format(&IndexErrorType, "index out of range");
    return int_from_i64(b->data[i]);
}

// ---- iterator --------------------------------------------------------------------------------

static Value bytes_iter(Value self) {
    BytesIter *it = (BytesIter *)obj_alloc(&BytesIterType, sizeof(BytesIter));
    it->bytes = (Bytes *)self;
    it->index = 0;
    return (Value)it;
}

static Value bytesiter_next(Value self) {
    BytesIter *it = (BytesIter *)self;
    if (!it->bytes) return ITER_DONE;
    if (it->index >= it->bytes->len) {
        it->bytes = NULL;
        return ITER_DONE;
    }
    return int_from_i64(it->bytes->data[it->index++]);
}

static Value self_iter(Value self) {
    return self;
}

Type BytesIterType = {
    .obj = {&TypeType},
    .name = "bytes_iterator",
    .inst_size = sizeof(BytesIter),
    .tp_iter = self_iter,
    .tp_next = bytesiter_next,
};

// ---- method helpers ----------------------------------------------------------------------------

#define SELF ((Bytes *)args[0])

static bool is_bspace(uint8_t c) {
    return c == ' ' || (c >= 9 && c <= 13);
}
static bool is_blower(uint8_t c) {
    return c >= 'a' && c <= 'z';
}
static bool is_bupper(uint8_t c) {
    return c >= 'A' && c <= 'Z';
}
static bool is_bdigit(uint8_t c) {
    return c >= '0' && c <= '9';
}

// A bytes argument: "a bytes-like object is required, not 'str'" otherwise.
static Bytes *bytes_arg(Value v) {
    if (val_is(v, &BytesType)) return (Bytes *)v;
    err_format(&TypeErrorType, "a bytes-like object is required, not '%s'", obj_type_name(v));
    return NULL;
}

static bool slice_arg(Value v, int64_t *out) {
    if (!v || v == VAL_NONE) return true;
    if (val_is_int(v)) {
        *out = int_value(v);
        return true;
    }
    if (val_type(v)->dunders[DUNDER_INDEX]) return obj_to_index(v, out);
    err_format(&TypeErrorType,
               "slice indices must be integers or None or have an __index__ method");
    return false;
}

static void adjust_indices(int64_t *start, int64_t *end, int64_t len) {
    if (*end > len)
        *end = len;
    else if (*end < 0) {
        *end += len;
        if (*end < 0) *end = 0;
    }
    if (*start < 0) {
        *start += len;
        if (*start < 0) *start = 0;
    }
}

// Parse (sub[, start[, end]]) where sub is bytes or an int.
static bool sub_args(const char *fname, Value *args, int nargs, Tuple *kwnames, uint8_t *one,
                     const uint8_t **sub, int64_t *sublen, int64_t *start, int64_t *end) {
    if (!str_check_tuple_args(fname, nargs - 1, kwnames, 1, 3)) return false;
    Value s = args[1];
    if (val_is(s, &BytesType)) {
        *sub = ((Bytes *)s)->data;
        *sublen = ((Bytes *)s)->len;
    } else if (val_is_int(s) || val_type(s)->dunders[DUNDER_INDEX]) {
        int64_t x;
        if (!obj_to_index(s, &x)) return false;
        if (x < 0 || x > 255) {
            err_format(&ValueErrorType, "byte must be in range(0, 256)");
            return false;
        }
        *one = (uint8_t)x;
        *sub = one;
        *sublen = 1;
    } else {
        err_format(&TypeErrorType, "argument should be integer or bytes-like object, not '%s'",
                   obj_type_name(s));
        return false;
    }
    *start = 0;
    *end = INT64_MAX;
    if (nargs > 2 && !slice_arg(args[2], start)) return false;
    if (nargs > 3 && !slice_arg(args[3], end)) return false;
    adjust_indices(start, end, SELF->len);
    return true;
}

static Value do_find(const char *fname, Value *args, int nargs, Tuple *kwnames, bool rev,
                     bool raise) {
    uint8_t one;
    const uint8_t *sub;
    int64_t sl, a, b;
    if (!sub_args(fname, args, nargs, kwnames, &one, &sub, &sl, &a, &b)) return VAL_NULL;
    int64_t r = -1;
    if (a <= SELF->len && a <= b)
        r = rev ? rfind_raw(SELF->data, a, b, sub, sl) : find_raw(SELF->data, a, b, sub, sl);
    if (r < 0 && raise) return err_format(&ValueErrorType, "subsection not found");
    return int_from_i64(r);
}

static Value bytes_find(Value *args, int nargs, Tuple *kwnames) {
    return do_find("find", args, nargs, kwnames, false, false);
}
static Value bytes_rfind(Value *args, int nargs, Tuple *kwnames) {
    return do_find("rfind", args, nargs, kwnames, true, false);
}
static Value bytes_index(Value *args, int nargs, Tuple *kwnames) {
    return do_find("index", args, nargs, kwnames, false, true);
}
static Value bytes_rindex(Value *args, int nargs, Tuple *kwnames) {
    return do_find("rindex", args, nargs, kwnames, true, true);
}

static Value bytes_count(Value *args, int nargs, Tuple *kwnames) {
    uint8_t one;
    const uint8_t *sub;
    int64_t sl, a, b;
    if (!sub_args("count", args, nargs, kwnames, &one, &sub, &sl, &a, &b)) return VAL_NULL;
    if (a > SELF->len || a > b) return int_from_i64(0);
    if (sl == 0) return int_from_i64(b - a + 1);
    int64_t n = 0;
    for (int64_t p = a;;) {
        int64_t r = find_raw(SELF->data, p, b, sub, sl);
        if (r < 0) break;
        n++;
        p = r + sl;
    }
    return int_from_i64(n);
}

static Value tailmatch(const char *fname, Value *args, int nargs, Tuple *kwnames, bool end_side) {
    if (!str_check_tuple_args(fname, nargs - 1, kwnames, 1, 3)) return VAL_NULL;
    Bytes *s = SELF;
    int64_t start = 0, end = INT64_MAX;
    if (nargs > 2 && !slice_arg(args[2], &start)) return VAL_NULL;
    if (nargs > 3 && !slice_arg(args[3], &end)) return VAL_NULL;
    adjust_indices(&start, &end, s->len);
    Value pat = args[1];
    Value *pats = &pat;
    int64_t npats = 1;
    if (val_is(pat, &TupleType)) {
        pats = ((Tuple *)pat)->items;
        npats = ((Tuple *)pat)->len;
    } else if (!val_is(pat, &BytesType)) {
        return err_format(&TypeErrorType, "%s first arg must be bytes or a tuple of bytes, not %s",
                          fname, obj_type_name(pat));
    }
    for (int64_t k = 0; k < npats; k++) {
        if (!val_is(pats[k], &BytesType))
            return err_format(&TypeErrorType, "a bytes-like object is required, not '%s'",
                              obj_type_name(pats[k]));
        Bytes *sub = (Bytes *)pats[k];
        int64_t e = end - sub->len;
        if (e < start) continue;
        if (sub->len == 0) return VAL_TRUE;
        int64_t off = end_side ? e : start;
        if (memcmp(s->data + off, sub->data, (size_t)sub->len) == 0) return VAL_TRUE;
    }
    return VAL_FALSE;
}

static Value bytes_startswith(Value *args, int nargs, Tuple *kwnames) {
    return tailmatch("startswith", args, nargs, kwnames, false);
}
static Value bytes_endswith(Value *args, int nargs, Tuple *kwnames) {
    return tailmatch("endswith", args, nargs, kwnames, true);
}

static Value bytes_join(Value *args, int nargs, Tuple *kwnames) {
    if (!str_check_onearg("bytes.join", nargs, kwnames)) return VAL_NULL;
    Value it = args[1];
    Value *items;
    int64_t n;
    if (val_is(it, &ListType)) {
        items = ((List *)it)->items;
        n = ((List *)it)->len;
    } else if (val_is(it, &TupleType)) {
        items = ((Tuple *)it)->items;
        n = ((Tuple *)it)->len;
    } else {
        Value iter = obj_iter(it);
        if (!iter) {
            if (err_matches(&TypeErrorType)) {
                err_clear();
                err_format(&TypeErrorType, "can only join an iterable");
            }
            return VAL_NULL;
        }
        List *l = list_new(8);
        for (;;) {
            Value x = obj_next(iter);
            if (!x) return VAL_NULL;
            if (x == ITER_DONE) break;
            list_append(l, x);
        }
        items = l->items;
        n = l->len;
    }
    Bytes *sep = SELF;
    int64_t total = 0;
    for (int64_t i = 0; i < n; i++) {
        if (!val_is(items[i], &BytesType))
            return err_format(&TypeErrorType,
                              "sequence item %lld: expected a bytes-like object, %s found",
                              (long long)i, obj_type_name(items[i]));
        if (__builtin_add_overflow(total, ((Bytes *)items[i])->len, &total) ||
            (i && __builtin_add_overflow(total, sep->len, &total)))
            return err_format(&OverflowErrorType, "join() result is too long");
    }
    if (!gc_size_ok((uint64_t)total + sizeof(Bytes) + 1)) return VAL_NULL;
    StrBuf b;
    strbuf_init(&b);
    for (int64_t i = 0; i < n; i++) {
        if (i) strbuf_putn(&b, (const char *)sep->data, sep->len);
        strbuf_putn(&b, (const char *)((Bytes *)items[i])->data, ((Bytes *)items[i])->len);
    }
    return bytes_from_raw((const uint8_t *)b.data, b.len);
}

static bool split_args(const char *fname, Value *args, int nargs, Tuple *kwnames, Bytes **sep,
                       int64_t *maxsplit) {
    static const char *const names[] = {"sep", "maxsplit"};
    Value a[2];
    if (!str_parse_args(fname, names, 2, 0, 2, args + 1, nargs - 1, kwnames, a)) return false;
    *sep = NULL;
    *maxsplit = -1;
    if (a[0] && a[0] != VAL_NONE) {
        if (!(*sep = bytes_arg(a[0]))) return false;
        if ((*sep)->len == 0) {
            err_format(&ValueErrorType, "empty separator");
            return false;
        }
    }
    if (a[1] && !obj_to_index(a[1], maxsplit)) return false;
    if (*maxsplit < 0) *maxsplit = INT64_MAX;
    return true;
}

static Value sub_bytes(Bytes *s, int64_t a, int64_t b) {
    if (a == 0 && b == s->len) return (Value)s;
    return bytes_from_raw(s->data + a, b - a);
}

static Value bytes_split(Value *args, int nargs, Tuple *kwnames) {
    Bytes *sep;
    int64_t maxcount;
    if (!split_args("split", args, nargs, kwnames, &sep, &maxcount)) return VAL_NULL;
    Bytes *s = SELF;
    List *l = list_new(0);
    int64_t i = 0, len = s->len;
    if (!sep) {
        while (maxcount-- > 0) {
            while (i < len && is_bspace(s->data[i])) i++;
            if (i == len) break;
            int64_t j = i;
            while (i < len && !is_bspace(s->data[i])) i++;
            list_append(l, sub_bytes(s, j, i));
        }
        if (i < len) {
            while (i < len && is_bspace(s->data[i])) i++;
            if (i != len) list_append(l, sub_bytes(s, i, len));
        }
        return (Value)l;
    }
    while (maxcount-- > 0) {
        int64_t r = find_raw(s->data, i, len, sep->data, sep->len);
        if (r < 0) break;
        list_append(l, sub_bytes(s, i, r));
        i = r + sep->len;
    }
    list_append(l, sub_bytes(s, i, len));
    return (Value)l;
}

static void reverse_list(List *l) {
    for (int64_t i = 0, j = l->len - 1; i < j; i++, j--) {
        Value t = l->items[i];
        l->items[i] = l->items[j];
        l->items[j] = t;
    }
}

static Value bytes_rsplit(Value *args, int nargs, Tuple *kwnames) {
    Bytes *sep;
    int64_t maxcount;
    if (!split_args("rsplit", args, nargs, kwnames, &sep, &maxcount)) return VAL_NULL;
    Bytes *s = SELF;
    List *l = list_new(0);
    if (!sep) {
        int64_t i = s->len - 1;
        while (maxcount-- > 0) {
            while (i >= 0 && is_bspace(s->data[i])) i--;
            if (i < 0) break;
            int64_t j = i;
            while (i >= 0 && !is_bspace(s->data[i])) i--;
            list_append(l, sub_bytes(s, i + 1, j + 1));
        }
        if (i >= 0) {
            while (i >= 0 && is_bspace(s->data[i])) i--;
            if (i >= 0) list_append(l, sub_bytes(s, 0, i + 1));
        }
        reverse_list(l);
        return (Value)l;
    }
    int64_t j = s->len;
    while (maxcount-- > 0) {
        int64_t r = rfind_raw(s->data, 0, j, sep->data, sep->len);
        if (r < 0) break;
        list_append(l, sub_bytes(s, r + sep->len, j));
        j = r;
    }
    list_append(l, sub_bytes(s, 0, j));
    reverse_list(l);
    return (Value)l;
}

static Value bytes_splitlines(Value *args, int nargs, Tuple *kwnames) {
    static const char *const names[] = {"keepends"};
    Value a[1];
    if (!str_parse_args("splitlines", names, 1, 0, 1, args + 1, nargs - 1, kwnames, a))
        return VAL_NULL;
    int keep = 0;
    if (a[0] && (keep = obj_truth(a[0])) < 0) return VAL_NULL;
    Bytes *s = SELF;
    List *l = list_new(0);
    int64_t i = 0, len = s->len;
    while (i < len) {
        int64_t j = i;
        while (j < len && s->data[j] != '\n' && s->data[j] != '\r') j++;
        int64_t eol = j;
        if (j < len) {
            if (s->data[j] == '\r' && j + 1 < len && s->data[j + 1] == '\n')
                j += 2;
            else
                j++;
            if (keep) eol = j;
        }
        list_append(l, sub_bytes(s, i, eol));
        i = j;
    }
    return (Value)l;
}

static Value do_strip(const char *fname, Value *args, int nargs, Tuple *kwnames, bool left,
                      bool right) {
    if (!str_check_pos(fname, nargs - 1, kwnames, 0, 1)) return VAL_NULL;
    Bytes *s = SELF, *chars = NULL;
    if (nargs > 1 && args[1] != VAL_NONE && !(chars = bytes_arg(args[1]))) return VAL_NULL;
    int64_t a = 0, b = s->len;
#define STRIPPED(c) (chars ? memchr(chars->data, (c), (size_t)chars->len) != NULL : is_bspace(c))
    if (left)
        while (a < b && STRIPPED(s->data[a])) a++;
    if (right)
        while (b > a && STRIPPED(s->data[b - 1])) b--;
#undef STRIPPED
    return sub_bytes(s, a, b);
}

static Value bytes_strip(Value *args, int nargs, Tuple *kwnames) {
    return do_strip("strip", args, nargs, kwnames, true, true);
}
static Value bytes_lstrip(Value *args, int nargs, Tuple *kwnames) {
    return do_strip("lstrip", args, nargs, kwnames, true, false);
}
static Value bytes_rstrip(Value *args, int nargs, Tuple *kwnames) {
    return do_strip("rstrip", args, nargs, kwnames, false, true);
}

static Value bytes_replace(Value *args, int nargs, Tuple *kwnames) {
    if (!str_check_pos("replace", nargs - 1, kwnames, 2, 3)) return VAL_NULL;
    Bytes *s = SELF, *old = bytes_arg(args[1]);
    if (!old) return VAL_NULL;
    Bytes *new_ = bytes_arg(args[2]);
    if (!new_) return VAL_NULL;
    int64_t count = -1;
    if (nargs > 3 && !obj_to_index(args[3], &count)) return VAL_NULL;
    if (count < 0) count = INT64_MAX;
    if (new_->len > old->len) {
        // Check the size first (when it could overflow the memory at all):
        // OverflowError past 2**63 bytes, as CPython, MemoryError past the memory.
        int64_t most = old->len ? s->len / old->len : s->len + 1, bound;
        if (most > count) most = count;
        if (__builtin_mul_overflow(most, new_->len - old->len, &bound) ||
            __builtin_add_overflow(bound, s->len, &bound) || bound >= (INT64_C(1) << 32)) {
            int64_t n = 0;
            if (!old->len)
                n = most;
            else
                for (int64_t i = 0; n < count; n++) {
                    int64_t r = find_raw(s->data, i, s->len, old->data, old->len);
                    if (r < 0) break;
                    i = r + old->len;
                }
            int64_t total;
            if (__builtin_mul_overflow(n, new_->len - old->len, &total) ||
                __builtin_add_overflow(total, s->len, &total))
                return err_format(&OverflowErrorType, "replace bytes is too long");
            if (!gc_size_ok((uint64_t)total + sizeof(Bytes) + 1)) return VAL_NULL;
        }
    }
    StrBuf b;
    strbuf_init(&b);
    int64_t i = 0, n = 0;
    if (old->len == 0) {
        for (; i < s->len; i++) {
            if (n < count) {
                strbuf_putn(&b, (const char *)new_->data, new_->len);
                n++;
            }
            strbuf_putc(&b, (char)s->data[i]);
        }
        if (n < count) strbuf_putn(&b, (const char *)new_->data, new_->len);
        return bytes_from_raw((const uint8_t *)b.data, b.len);
    }
    while (n < count) {
        int64_t r = find_raw(s->data, i, s->len, old->data, old->len);
        if (r < 0) break;
        strbuf_putn(&b, (const char *)s->data + i, r - i);
        strbuf_putn(&b, (const char *)new_->data, new_->len);
        i = r + old->len;
        n++;
    }
    if (n == 0) return (Value)s;
    strbuf_putn(&b, (const char *)s->data + i, s->len - i);
    return bytes_from_raw((const uint8_t *)b.data, b.len);
}

static Value do_partition(const char *qname, Value *args, int nargs, Tuple *kwnames, bool rev) {
    if (!str_check_onearg(qname, nargs, kwnames)) return VAL_NULL;
    Bytes *s = SELF, *sep = bytes_arg(args[1]);
    if (!sep) return VAL_NULL;
    if (sep->len == 0) return err_format(&ValueErrorType, "empty separator");
    int64_t r = rev ? rfind_raw(s->data, 0, s->len, sep->data, sep->len)
                    : find_raw(s->data, 0, s->len, sep->data, sep->len);
    Value e = bytes_from_raw(NULL, 0);
    if (r < 0)
        return rev ? (Value)tuple_pack(3, e, e, (Value)s) : (Value)tuple_pack(3, (Value)s, e, e);
    return (Value)tuple_pack(3, sub_bytes(s, 0, r), (Value)sep, sub_bytes(s, r + sep->len, s->len));
}

static Value bytes_partition(Value *args, int nargs, Tuple *kwnames) {
    return do_partition("bytes.partition", args, nargs, kwnames, false);
}
static Value bytes_rpartition(Value *args, int nargs, Tuple *kwnames) {
    return do_partition("bytes.rpartition", args, nargs, kwnames, true);
}

enum { BC_UPPER, BC_LOWER, BC_SWAP, BC_TITLE, BC_CAPITALIZE };

static Value case_map(Bytes *s, int mode) {
    Bytes *r = bytes_alloc(s->len);
    bool prev = false;
    for (int64_t i = 0; i < s->len; i++) {
        uint8_t c = s->data[i];
        bool lo = is_blower(c), up = is_bupper(c);
        switch (mode) {
        case BC_UPPER: c = lo ? (uint8_t)(c - 32) : c; break;
        case BC_LOWER: c = up ? (uint8_t)(c + 32) : c; break;
        case BC_SWAP: c = lo ? (uint8_t)(c - 32) : up ? (uint8_t)(c + 32) : c; break;
        case BC_TITLE:
            if (prev)
                c = up ? (uint8_t)(c + 32) : c;
            else
                c = lo ? (uint8_t)(c - 32) : c;
            prev = lo || up;
            break;
        case BC_CAPITALIZE:
            if (i == 0)
                c = lo ? (uint8_t)(c - 32) : c;
            else
                c = up ? (uint8_t)(c + 32) : c;
            break;
        }
        r->data[i] = c;
    }
    return (Value)r;
}

#define BCASE(fn, qname, mode)                                                                     \
    static Value fn(Value *args, int nargs, Tuple *kwnames) {                                      \
        if (!str_check_noargs(qname, nargs, kwnames)) return VAL_NULL;                             \
        return case_map(SELF, mode);                                                               \
    }
BCASE(bytes_upper, "bytes.upper", BC_UPPER)
BCASE(bytes_lower, "bytes.lower", BC_LOWER)
BCASE(bytes_swapcase, "bytes.swapcase", BC_SWAP)
BCASE(bytes_title, "bytes.title", BC_TITLE)
BCASE(bytes_capitalize, "bytes.capitalize", BC_CAPITALIZE)

static bool all_bytes(Bytes *s, bool (*pred)(uint8_t)) {
    if (s->len == 0) return false;
    for (int64_t i = 0; i < s->len; i++)
        if (!pred(s->data[i])) return false;
    return true;
}

static bool is_balpha(uint8_t c) {
    return is_blower(c) || is_bupper(c);
}
static bool is_balnum(uint8_t c) {
    return is_balpha(c) || is_bdigit(c);
}

#define BPRED(fn, qname, pred)                                                                     \
    static Value fn(Value *args, int nargs, Tuple *kwnames) {                                      \
        if (!str_check_noargs(qname, nargs, kwnames)) return VAL_NULL;                             \
        return val_bool(all_bytes(SELF, pred));                                                    \
    }
BPRED(bytes_isdigit, "bytes.isdigit", is_bdigit)
BPRED(bytes_isalpha, "bytes.isalpha", is_balpha)
BPRED(bytes_isalnum, "bytes.isalnum", is_balnum)
BPRED(bytes_isspace, "bytes.isspace", is_bspace)

static Value bytes_islower(Value *args, int nargs, Tuple *kwnames) {
    if (!str_check_noargs("bytes.islower", nargs, kwnames)) return VAL_NULL;
    bool cased = false;
    for (int64_t i = 0; i < SELF->len; i++) {
        if (is_bupper(SELF->data[i])) return VAL_FALSE;
        if (is_blower(SELF->data[i])) cased = true;
    }
    return val_bool(cased);
}

static Value bytes_isupper(Value *args, int nargs, Tuple *kwnames) {
    if (!str_check_noargs("bytes.isupper", nargs, kwnames)) return VAL_NULL;
    bool cased = false;
    for (int64_t i = 0; i < SELF->len; i++) {
        if (is_blower(SELF->data[i])) return VAL_FALSE;
        if (is_bupper(SELF->data[i])) cased = true;
    }
    return val_bool(cased);
}

static Value bytes_isascii(Value *args, int nargs, Tuple *kwnames) {
    if (!str_check_noargs("bytes.isascii", nargs, kwnames)) return VAL_NULL;
    for (int64_t i = 0; i < SELF->len; i++)
        if (SELF->data[i] >= 0x80) return VAL_FALSE;
    return VAL_TRUE;
}

static Value pad(Bytes *s, int64_t left, int64_t right, uint8_t fill) {
    if (left <= 0 && right <= 0) return (Value)s;
    if (left < 0) left = 0;
    if (right < 0) right = 0;
    int64_t total;
    if (__builtin_add_overflow(left, right, &total) ||
        __builtin_add_overflow(total, s->len, &total))
        return err_raise((Value)&MemoryErrorType);
    Bytes *r = bytes_alloc_checked(total);
    if (!r) return VAL_NULL;
    memset(r->data, fill, (size_t)left);
    memcpy(r->data + left, s->data, (size_t)s->len);
    memset(r->data + left + s->len, fill, (size_t)right);
    return (Value)r;
}

static bool pad_args(const char *fname, Value *args, int nargs, Tuple *kwnames, int64_t *width,
                     uint8_t *fill) {
    if (!str_check_pos(fname, nargs - 1, kwnames, 1, 2)) return false;
    if (!obj_to_index(args[1], width)) return false;
    *fill = ' ';
    if (nargs > 2) {
        if (!val_is(args[2], &BytesType) || ((Bytes *)args[2])->len != 1) {
            err_format(&TypeErrorType, "%s() argument 2 must be a byte string of length 1, not %s",
                       fname, obj_type_name(args[2]));
            return false;
        }
        *fill = ((Bytes *)args[2])->data[0];
    }
    return true;
}

static Value bytes_ljust(Value *args, int nargs, Tuple *kwnames) {
    int64_t w;
    uint8_t f;
    if (!pad_args("ljust", args, nargs, kwnames, &w, &f)) return VAL_NULL;
    return pad(SELF, 0, w - SELF->len, f);
}

static Value bytes_rjust(Value *args, int nargs, Tuple *kwnames) {
    int64_t w;
    uint8_t f;
    if (!pad_args("rjust", args, nargs, kwnames, &w, &f)) return VAL_NULL;
    return pad(SELF, w - SELF->len, 0, f);
}

static Value bytes_center(Value *args, int nargs, Tuple *kwnames) {
    int64_t w;
    uint8_t f;
    if (!pad_args("center", args, nargs, kwnames, &w, &f)) return VAL_NULL;
    if (SELF->len >= w) return args[0];
    int64_t marg = w - SELF->len, left = marg / 2 + (marg & w & 1);
    return pad(SELF, left, marg - left, f);
}

static Value bytes_zfill(Value *args, int nargs, Tuple *kwnames) {
    if (!str_check_onearg("bytes.zfill", nargs, kwnames)) return VAL_NULL;
    int64_t w;
    if (!obj_to_index(args[1], &w)) return VAL_NULL;
    Bytes *s = SELF;
    if (s->len >= w) return (Value)s;
    int64_t fill = w - s->len;
    Bytes *r = (Bytes *)pad(s, fill, 0, '0');
    if (!r) return VAL_NULL;
    if (s->len && (s->data[0] == '+' || s->data[0] == '-')) {
        r->data[0] = s->data[0];
        r->data[fill] = '0';
    }
    return (Value)r;
}

static Value bytes_removeprefix(Value *args, int nargs, Tuple *kwnames) {
    if (!str_check_onearg("bytes.removeprefix", nargs, kwnames)) return VAL_NULL;
    Bytes *s = SELF, *p = bytes_arg(args[1]);
    if (!p) return VAL_NULL;
    if (p->len <= s->len && memcmp(s->data, p->data, (size_t)p->len) == 0)
        return sub_bytes(s, p->len, s->len);
    return (Value)s;
}

static Value bytes_removesuffix(Value *args, int nargs, Tuple *kwnames) {
    if (!str_check_onearg("bytes.removesuffix", nargs, kwnames)) return VAL_NULL;
    Bytes *s = SELF, *p = bytes_arg(args[1]);
    if (!p) return VAL_NULL;
    if (p->len && p->len <= s->len &&
        memcmp(s->data + s->len - p->len, p->data, (size_t)p->len) == 0)
        return sub_bytes(s, 0, s->len - p->len);
    return (Value)s;
}

static Value bytes_hex(Value *args, int nargs, Tuple *kwnames) {
    static const char *const names[] = {"sep", "bytes_per_sep"};
    Value a[2];
    if (!str_parse_args("hex", names, 2, 0, 2, args + 1, nargs - 1, kwnames, a)) return VAL_NULL;
    Bytes *s = SELF;
    const char *sep = NULL;
    int64_t per = 1;
    if (a[0]) {
        if (val_is(a[0], &StrType)) {
            Str *ss = (Str *)a[0];
            if (ss->nchars != 1) return err_format(&ValueErrorType, "sep must be length 1.");
            if (!ss->ascii) return err_format(&ValueErrorType, "sep must be ASCII.");
            sep = ss->data;
        } else if (val_is(a[0], &BytesType)) {
            if (((Bytes *)a[0])->len != 1)
                return err_format(&ValueErrorType, "sep must be length 1.");
            sep = (const char *)((Bytes *)a[0])->data;
        } else {
            return err_format(&TypeErrorType, "sep must be str or bytes.");
        }
    }
    if (a[1] && !obj_to_index(a[1], &per)) return VAL_NULL;
    StrBuf b;
    strbuf_init(&b);
    int64_t n = s->len;
    int64_t ap = per < 0 ? -per : per;
    for (int64_t i = 0; i < n; i++) {
        if (sep && i > 0 && ap > 0) {
            // Separators count from the right for positive bytes_per_sep.
            bool put = per > 0 ? ((n - i) % ap == 0) : (i % ap == 0);
            if (put) strbuf_putc(&b, sep[0]);
        }
        strbuf_printf(&b, "%02x", s->data[i]);
    }
    return (Value)strbuf_finish(&b);
}

static Value bytes_fromhex(Value *args, int nargs, Tuple *kwnames) {
    if (!str_check_pos("fromhex", nargs - 1, kwnames, 1, 1)) return VAL_NULL;
    if (!val_is(args[1], &StrType))
        return err_format(&TypeErrorType, "fromhex() argument must be str, not %s",
                          obj_type_name(args[1]));
    Str *s = (Str *)args[1];
    StrBuf b;
    strbuf_init(&b);
    const unsigned char *p = (const unsigned char *)s->data;
    int64_t i = 0, n = s->len;
    while (i < n) {
        if (p[i] == ' ' || (p[i] >= 9 && p[i] <= 13)) {
            i++;
            continue;
        }
        char c1 = (char)p[i];
        int hi = (c1 >= '0' && c1 <= '9')                     ? c1 - '0'
                 : ((c1 | 0x20) >= 'a' && (c1 | 0x20) <= 'f') ? (c1 | 0x20) - 'a' + 10
                                                              : -1;
        if (hi < 0)
            return err_format(&ValueErrorType,
                              "non-hexadecimal number found in fromhex() arg at position %lld",
                              (long long)str_cp_index(s, i));
        if (i + 1 >= n)
            return err_format(&ValueErrorType,
                              "non-hexadecimal number found in fromhex() arg at position %lld",
                              (long long)str_cp_index(s, i + 1));
        char c2 = (char)p[i + 1];
        int lo = (c2 >= '0' && c2 <= '9')                     ? c2 - '0'
                 : ((c2 | 0x20) >= 'a' && (c2 | 0x20) <= 'f') ? (c2 | 0x20) - 'a' + 10
                                                              : -1;
        if (lo < 0)
            return err_format(&ValueErrorType,
                              "non-hexadecimal number found in fromhex() arg at position %lld",
                              (long long)str_cp_index(s, i + 1));
        strbuf_putc(&b, (char)(hi * 16 + lo));
        i += 2;
    }
    return bytes_from_raw((const uint8_t *)b.data, b.len);
}

static Value bytes_decode(Value *args, int nargs, Tuple *kwnames) {
    static const char *const names[] = {"encoding", "errors"};
    Value a[2];
    if (!str_parse_args("decode", names, 2, 0, 2, args + 1, nargs - 1, kwnames, a)) return VAL_NULL;
    if (a[0] && !val_is(a[0], &StrType))
        return err_format(&TypeErrorType, "decode() argument 'encoding' must be str, not %s",
                          obj_type_name(a[0]));
    if (a[1] && !val_is(a[1], &StrType))
        return err_format(&TypeErrorType, "decode() argument 'errors' must be str, not %s",
                          obj_type_name(a[1]));
    const char *enc = codec_lookup(a[0] ? (Str *)a[0] : str_intern_cstr("utf-8"));
    if (!enc) return VAL_NULL;
    return codec_decode(SELF->data, SELF->len, enc, a[1] ? (Str *)a[1] : NULL);
}

static Value bytes_expandtabs(Value *args, int nargs, Tuple *kwnames) {
    int64_t tabsize;
    if (!str_expandtabs_arg(args, nargs, kwnames, &tabsize)) return VAL_NULL;
    Bytes *s = SELF;
    int64_t nchars;
    Bytes *r = bytes_alloc_checked(str_expand_tabs(s->data, s->len, tabsize, false, NULL, &nchars));
    if (!r) return VAL_NULL;
    str_expand_tabs(s->data, s->len, tabsize, false, r->data, &nchars);
    return (Value)r;
}

static Value bytes_getnewargs(Value *args, int nargs, Tuple *kwnames) {
    if (!str_check_noargs("bytes.__getnewargs__", nargs, kwnames)) return VAL_NULL;
    return (Value)tuple_pack(1, args[0]);
}

static const MethodDef bytes_methods[] = {
    {"decode", bytes_decode, 0, NULL},
    {"join", bytes_join, 0, NULL},
    {"split", bytes_split, 0, NULL},
    {"rsplit", bytes_rsplit, 0, NULL},
    {"splitlines", bytes_splitlines, 0, NULL},
    {"strip", bytes_strip, 0, NULL},
    {"lstrip", bytes_lstrip, 0, NULL},
    {"rstrip", bytes_rstrip, 0, NULL},
    {"startswith", bytes_startswith, 0, NULL},
    {"endswith", bytes_endswith, 0, NULL},
    {"find", bytes_find, 0, NULL},
    {"rfind", bytes_rfind, 0, NULL},
    {"index", bytes_index, 0, NULL},
    {"rindex", bytes_rindex, 0, NULL},
    {"count", bytes_count, 0, NULL},
    {"replace", bytes_replace, 0, NULL},
    {"partition", bytes_partition, 0, NULL},
    {"rpartition", bytes_rpartition, 0, NULL},
    {"upper", bytes_upper, 0, NULL},
    {"lower", bytes_lower, 0, NULL},
    {"swapcase", bytes_swapcase, 0, NULL},
    {"title", bytes_title, 0, NULL},
    {"capitalize", bytes_capitalize, 0, NULL},
    {"isdigit", bytes_isdigit, 0, NULL},
    {"isalpha", bytes_isalpha, 0, NULL},
    {"isalnum", bytes_isalnum, 0, NULL},
    {"isspace", bytes_isspace, 0, NULL},
    {"islower", bytes_islower, 0, NULL},
    {"isupper", bytes_isupper, 0, NULL},
    {"isascii", bytes_isascii, 0, NULL},
    {"ljust", bytes_ljust, 0, NULL},
    {"rjust", bytes_rjust, 0, NULL},
    {"center", bytes_center, 0, NULL},
    {"zfill", bytes_zfill, 0, NULL},
    {"removeprefix", bytes_removeprefix, 0, NULL},
    {"removesuffix", bytes_removesuffix, 0, NULL},
    {"expandtabs", bytes_expandtabs, 0, NULL},
    {"hex", bytes_hex, 0, NULL},
    {"fromhex", bytes_fromhex, METH_CLASS, NULL},
    {"__getnewargs__", bytes_getnewargs, 0, NULL},
    {NULL, NULL, 0, NULL},
};

Type BytesType = {
    .obj = {&TypeType},
    .name = "bytes",
    .flags = TF_BASETYPE,
    .inst_size = sizeof(Bytes),
    .tp_new = bytes_new_slot,
    .tp_repr = bytes_repr,
    .tp_hash = bytes_hash,
    .tp_compare = bytes_compare,
    .tp_binop = bytes_binop,
    .tp_bool = bytes_bool,
    .tp_len = bytes_len,
    .tp_iter = bytes_iter,
    .tp_getitem = bytes_getitem,
    .tp_contains = bytes_contains,
};

void bytes_init(void) {
    type_add_methods(&BytesType, bytes_methods);
    strnum_add_dunders(&BytesType, DW_SEQ_OPS | DW_COMPARE | DW_OBJECT | DW_SEQ);
    type_ready(&BytesIterType);
}

// ---- codecs ----------------------------------------------------------------------------------

const char *codec_lookup(Str *name) {
    char buf[32];
    if (name->len >= (int64_t)sizeof buf) goto unknown;
    for (int64_t i = 0; i < name->len; i++) {
        char c = name->data[i];
        if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
        if (c == '-' || c == ' ') c = '_';
        buf[i] = c;
    }
    buf[name->len] = '\0';
    static const char *const utf8[] = {"utf_8",   "utf8",      "u8",        "utf",
                                       "cp65001", "utf8_ucs2", "utf8_ucs4", NULL};
    static const char *const ascii[] = {
        "ascii",          "us_ascii",  "646",   "us",      "ansi_x3.4_1968",
        "ansi_x3_4_1968", "iso646_us", "cp367", "csascii", NULL};
    static const char *const latin1[] = {
        "latin_1", "latin1",     "iso_8859_1",  "iso8859_1",       "8859", "cp819", "l1",
        "latin",   "iso_ir_100", "csisolatin1", "iso_8859_1:1987", NULL};
    for (int i = 0; utf8[i]; i++)
        if (!strcmp(buf, utf8[i])) return "utf-8";
    for (int i = 0; ascii[i]; i++)
        if (!strcmp(buf, ascii[i])) return "ascii";
    for (int i = 0; latin1[i]; i++)
        if (!strcmp(buf, latin1[i])) return "latin-1";
unknown:
    err_format(&LookupErrorType, "unknown encoding: %S", name);
    return NULL;
}

enum {
    EH_STRICT,
    EH_IGNORE,
    EH_REPLACE,
    EH_BACKSLASH,
    EH_XMLCHARREF,
    EH_SURROGATEESCAPE,
    EH_UNKNOWN
};

static int error_handler(Str *errors) {
    if (!errors || str_eq_cstr(errors, "strict")) return EH_STRICT;
    if (str_eq_cstr(errors, "ignore")) return EH_IGNORE;
    if (str_eq_cstr(errors, "replace")) return EH_REPLACE;
    if (str_eq_cstr(errors, "backslashreplace")) return EH_BACKSLASH;
    if (str_eq_cstr(errors, "xmlcharrefreplace")) return EH_XMLCHARREF;
    if (str_eq_cstr(errors, "surrogateescape")) return EH_SURROGATEESCAPE;
    return EH_UNKNOWN;
}

static void put_escaped_cp(StrBuf *b, uint32_t c) {
    if (c < 0x100)
        strbuf_printf(b, "\\x%02x", c);
    else if (c < 0x10000)
        strbuf_printf(b, "\\u%04x", c);
    else
        strbuf_printf(b, "\\U%08x", c);
}

Value codec_encode(Str *s, const char *encoding, Str *errors) {
    bool utf8 = encoding[0] == 'u';
    uint32_t limit = encoding[0] == 'a' ? 0x80 : 0x100;
    if (utf8) {
        // Valid unless the str holds lone surrogates (ED A0..BF ..).
        bool has_sur = false;
        for (int64_t i = 0; i + 1 < s->len; i++)
            if ((unsigned char)s->data[i] == 0xed && (unsigned char)s->data[i + 1] >= 0xa0) {
                has_sur = true;
                break;
            }
        if (!has_sur) return bytes_from_raw((const uint8_t *)s->data, s->len);
    } else if (s->ascii) {
        return bytes_from_raw((const uint8_t *)s->data, s->len);
    }
    int eh = error_handler(errors);
    StrBuf b;
    strbuf_init(&b);
    const unsigned char *p = (const unsigned char *)s->data;
    int64_t off = 0, idx = 0;
    while (off < s->len) {
        int n;
        uint32_t c = utf8_decode(p + off, &n);
        bool bad = utf8 ? (c >= 0xd800 && c <= 0xdfff) : c >= limit;
        if (!bad) {
            if (utf8)
                strbuf_putn(&b, (const char *)p + off, n);
            else
                strbuf_putc(&b, (char)c);
            off += n;
            idx++;
            continue;
        }
        // Collect the run of unencodable characters.
        int64_t end_off = off, end_idx = idx;
        while (end_off < s->len) {
            int m;
            uint32_t d = utf8_decode(p + end_off, &m);
            if (utf8 ? !(d >= 0xd800 && d <= 0xdfff) : d < limit) break;
            end_off += m;
            end_idx++;
        }
        const char *reason = utf8            ? "surrogates not allowed"
                             : limit == 0x80 ? "ordinal not in range(128)"
                                             : "ordinal not in range(256)";
        if (eh == EH_SURROGATEESCAPE) {
            bool ok = true;
            for (int64_t o = off; o < end_off;) {
                int m;
                uint32_t d = utf8_decode(p + o, &m);
                if (d < 0xdc80 || d > 0xdcff) ok = false;
                o += m;
            }
            if (!ok) eh = EH_STRICT;
        }
        switch (eh) {
        case EH_STRICT: {
            if (end_idx - idx == 1)
                return err_format(&UnicodeEncodeErrorType,
                                  "'%s' codec can't encode character '%s' in position %lld: %s",
                                  encoding,
                                  c < 0x100     ? str_printf("\\x%02x", c)->data
                                  : c < 0x10000 ? str_printf("\\u%04x", c)->data
                                                : str_printf("\\U%08x", c)->data,
                                  (long long)idx, reason);
            return err_format(&UnicodeEncodeErrorType,
                              "'%s' codec can't encode characters in position %lld-%lld: %s",
                              encoding, (long long)idx, (long long)(end_idx - 1), reason);
        }
        case EH_UNKNOWN:
            return err_format(&LookupErrorType, "unknown error handler name '%S'", errors);
        default: break;
        }
        for (int64_t o = off; o < end_off;) {
            int m;
            uint32_t d = utf8_decode(p + o, &m);
            o += m;
            switch (eh) {
            case EH_REPLACE: strbuf_putc(&b, '?'); break;
            case EH_BACKSLASH: put_escaped_cp(&b, d); break;
            case EH_XMLCHARREF: strbuf_printf(&b, "&#%u;", d); break;
            case EH_SURROGATEESCAPE: strbuf_putc(&b, (char)(d - 0xdc00)); break;
            default: break;
            }
        }
        off = end_off;
        idx = end_idx;
    }
    return bytes_from_raw((const uint8_t *)b.data, b.len);
}

// Check one UTF-8 sequence at p[0..n): 0 valid (*len set), else the error
// kind (1 invalid start, 2 invalid continuation, 3 unexpected end) and the
// length of the bad range in *len.
static int utf8_check(const uint8_t *p, int64_t n, int *len) {
    uint8_t c = p[0];
    if (c < 0x80) {
        *len = 1;
        return 0;
    }
    int need;
    uint8_t lo = 0x80, hi = 0xbf;
    if (c < 0xc2) {
        *len = 1;
        return 1;
    } else if (c < 0xe0)
        need = 1;
    else if (c < 0xf0) {
        need = 2;
        if (c == 0xe0)
            lo = 0xa0;
        else if (c == 0xed)
            hi = 0x9f;
    } else if (c < 0xf5) {
        need = 3;
        if (c == 0xf0)
            lo = 0x90;
        else if (c == 0xf4)
            hi = 0x8f;
    } else {
        *len = 1;
        return 1;
    }
    for (int k = 1; k <= need; k++) {
        if (k >= n) {
            *len = (int)n;
            return 3;
        }
        uint8_t d = p[k];
        bool ok = k == 1 ? (d >= lo && d <= hi) : (d >= 0x80 && d <= 0xbf);
        if (!ok) {
            *len = k;
            return 2;
        }
    }
    *len = need + 1;
    return 0;
}

static Value decode_error(const char *encoding, const uint8_t *p, int64_t start, int64_t end,
                          const char *reason) {
    if (end - start == 1)
        return err_format(&UnicodeDecodeErrorType,
                          "'%s' codec can't decode byte 0x%02x in position %lld: %s", encoding,
                          p[start], (long long)start, reason);
    return err_format(&UnicodeDecodeErrorType,
                      "'%s' codec can't decode bytes in position %lld-%lld: %s", encoding,
                      (long long)start, (long long)(end - 1), reason);
}

Value codec_decode(const uint8_t *p, int64_t len, const char *encoding, Str *errors) {
    StrBuf b;
    strbuf_init(&b);
    int eh = -1;
    if (encoding[0] == 'l') {
        for (int64_t i = 0; i < len; i++) strbuf_put_codepoint(&b, p[i]);
        return (Value)strbuf_finish(&b);
    }
    bool utf8 = encoding[0] == 'u';
    int64_t i = 0;
    while (i < len) {
        int64_t run = i;
        if (utf8) {
            int n = 1, kind = 0;
            while (i < len) {
                kind = utf8_check(p + i, len - i, &n);
                if (kind) break;
                i += n;
            }
            strbuf_putn(&b, (const char *)p + run, i - run);
            if (i >= len) break;
            static const char *const reasons[] = {
                "", "invalid start byte", "invalid continuation byte", "unexpected end of data"};
            if (eh < 0) eh = error_handler(errors);
            if (eh == EH_STRICT || eh == EH_XMLCHARREF)
                return decode_error("utf-8", p, i, i + n, reasons[kind]);
            if (eh == EH_UNKNOWN)
                return err_format(&LookupErrorType, "unknown error handler name '%S'", errors);
            for (int k = 0; k < n; k++) {
                if (eh == EH_REPLACE && k == 0)
                    strbuf_put_codepoint(&b, 0xfffd);
                else if (eh == EH_BACKSLASH)
                    strbuf_printf(&b, "\\x%02x", p[i + k]);
                else if (eh == EH_SURROGATEESCAPE)
                    strbuf_put_codepoint(&b, 0xdc00 + p[i + k]);
            }
            i += n;
        } else {
            while (i < len && p[i] < 0x80) i++;
            strbuf_putn(&b, (const char *)p + run, i - run);
            if (i >= len) break;
            if (eh < 0) eh = error_handler(errors);
            if (eh == EH_STRICT || eh == EH_XMLCHARREF)
                return decode_error("ascii", p, i, i + 1, "ordinal not in range(128)");
            if (eh == EH_UNKNOWN)
                return err_format(&LookupErrorType, "unknown error handler name '%S'", errors);
            if (eh == EH_REPLACE)
                strbuf_put_codepoint(&b, 0xfffd);
            else if (eh == EH_BACKSLASH)
                strbuf_printf(&b, "\\x%02x", p[i]);
            else if (eh == EH_SURROGATEESCAPE)
                strbuf_put_codepoint(&b, 0xdc00 + p[i]);
            i++;
        }
    }
    return (Value)strbuf_finish(&b);
}
