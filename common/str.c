// str.c — the str type: immutable UTF-8 strings with code-point indexing,
// interning, hashing, repr, the StrBuf builder, printf-style formatting for
// C code (str_printf), and the str type's slots and methods (CPython 3.11
// behaviour). Format-spec and `%` formatting live in strformat.c.
#define _GNU_SOURCE // memmem
#include "str.h"

#include "containers.h"
#include "err.h"
#include "helper.h"
#include "num.h"
#include "ops.h"
#include "str_impl.h"
#include "type.h"

#include <string.h>

// ---- allocation -------------------------------------------------------------

// A str with room for [len] bytes; the caller fills data, nchars and ascii.
static Str *str_alloc(int64_t len) {
    Str *s = (Str *)gc_alloc_atomic(sizeof(Str) + (size_t)len + 1);
    s->obj.type = &StrType;
    s->hash = -1;
    s->len = len;
    s->nchars = len;
    s->ascii = 1;
    s->interned = 0;
    s->data[len] = '\0';
    return s;
}

// A new str of [len] bytes for a result whose size user input controls:
// NULL with MemoryError raised if it cannot be had.
static Str *str_alloc_checked(int64_t len) {
    if (len < 0 || len > INT64_MAX - 64) {
        err_raise((Value)&MemoryErrorType);
        return NULL;
    }
    if (!gc_size_ok((uint64_t)len + sizeof(Str) + 1)) return NULL;
    return str_alloc(len);
}

static Str *empty_str;
static Str *ascii_chars[128];

Str *str_empty(void) {
    if (!empty_str) {
        empty_str = str_alloc(0);
        empty_str = str_intern(empty_str);
    }
    return empty_str;
}

// Count code points and detect ASCII of valid UTF-8.
static void count_chars(const char *p, int64_t len, int64_t *nchars, bool *ascii) {
    int64_t i = 0;
    // Fast path: whole words of ASCII.
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        if (w & UINT64_C(0x8080808080808080)) break;
    }
    if (i == len) {
        *nchars = len;
        *ascii = true;
        return;
    }
    int64_t n = i;
    bool a = true;
    for (; i < len; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c >= 0x80) a = false;
        if ((c & 0xc0) != 0x80) n++;
    }
    *nchars = n;
    *ascii = a;
}

Str *str_new_known(const char *p, int64_t len, int64_t nchars, bool ascii) {
    if (len == 0) return str_empty();
    if (len == 1 && (unsigned char)p[0] < 0x80) return str_from_codepoint((unsigned char)p[0]);
    Str *s = str_alloc(len);
    memcpy(s->data, p, (size_t)len);
    s->nchars = nchars;
    s->ascii = ascii;
    return s;
}

Str *str_new(const char *p, int64_t len) {
    int64_t n;
    bool a;
    count_chars(p, len, &n, &a);
    return str_new_known(p, len, n, a);
}

Str *str_from_cstr(const char *s) {
    return str_new(s, (int64_t)strlen(s));
}

Str *str_from_codepoint(uint32_t cp) {
    if (cp < 128) {
        Str *s = ascii_chars[cp];
        if (!s) {
            s = str_alloc(1);
            s->data[0] = (char)cp;
            ascii_chars[cp] = s;
        }
        return s;
    }
    char buf[4];
    int n = utf8_encode(cp, buf);
    Str *s = str_alloc(n);
    memcpy(s->data, buf, (size_t)n);
    s->nchars = 1;
    s->ascii = 0;
    return s;
}

int64_t str_cp_offset(Str *s, int64_t i) {
    if (s->ascii) return i;
    if (i >= s->nchars) return s->len;
    const unsigned char *p = (const unsigned char *)s->data;
    // Walk from the nearer end.
    if (i <= s->nchars / 2) {
        int64_t off = 0;
        while (i > 0) {
            off += utf8_len(p[off]);
            i--;
        }
        return off;
    }
    int64_t off = s->len, k = s->nchars;
    while (k > i) {
        off--;
        while ((p[off] & 0xc0) == 0x80) off--;
        k--;
    }
    return off;
}

int64_t str_cp_index(Str *s, int64_t off) {
    if (s->ascii) return off;
    int64_t n = 0;
    for (int64_t i = 0; i < off; i++)
        if (((unsigned char)s->data[i] & 0xc0) != 0x80) n++;
    return n;
}

// ---- hashing, equality, interning -------------------------------------------

static inline uint64_t rd64(const unsigned char *p) {
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

static inline uint64_t mix64(uint64_t h) {
    h ^= h >> 33;
    h *= UINT64_C(0xff51afd7ed558ccd);
    h ^= h >> 33;
    h *= UINT64_C(0xc4ceb9fe1a85ec53);
    h ^= h >> 33;
    return h;
}

// A 64-bit hash of [len] bytes (word-at-a-time multiply/rotate, murmur
// finaliser). Deterministic across runs and hosts of the same byte order.
static int64_t hash_bytes(const unsigned char *p, int64_t len) {
    uint64_t h = UINT64_C(0x9e3779b97f4a7c15) ^ ((uint64_t)len * UINT64_C(0x100000001b3));
    int64_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w = rd64(p + i) * UINT64_C(0x87c37b91114253d5);
        w = (w << 31) | (w >> 33);
        h ^= w * UINT64_C(0x4cf5ad432745937f);
        h = ((h << 27) | (h >> 37)) * 5 + 0x52dce729;
    }
    uint64_t t = 0;
    for (int k = 0; i < len; i++, k += 8) t |= (uint64_t)p[i] << k;
    h ^= t * UINT64_C(0x87c37b91114253d5);
    h = mix64(h);
    int64_t r = (int64_t)h;
    return r == -1 ? -2 : r;
}

int64_t bytes_hash_raw(const unsigned char *p, int64_t len) {
    return hash_bytes(p, len);
}

int64_t str_hash(Str *s) {
    if (s->hash != -1) return s->hash;
    s->hash = hash_bytes((const unsigned char *)s->data, s->len);
    return s->hash;
}

bool str_eq(Str *a, Str *b) {
    if (a == b) return true;
    if (a->len != b->len) return false;
    if (a->interned && b->interned) return false;
    if (a->hash != -1 && b->hash != -1 && a->hash != b->hash) return false;
    return memcmp(a->data, b->data, (size_t)a->len) == 0;
}

bool str_eq_cstr(Str *s, const char *c) {
    size_t n = strlen(c);
    return (size_t)s->len == n && memcmp(s->data, c, n) == 0;
}

// The intern table: open addressing over Str pointers (GC-scanned).
static Str **intern_tab;
static int64_t intern_cap, intern_used;

static void intern_grow(void) {
    int64_t ncap = intern_cap ? intern_cap * 2 : 1024;
    Str **nt = (Str **)gc_alloc(sizeof(Str *) * (size_t)ncap);
    for (int64_t i = 0; i < intern_cap; i++) {
        Str *s = intern_tab[i];
        if (!s) continue;
        uint64_t j = (uint64_t)s->hash & (uint64_t)(ncap - 1);
        while (nt[j]) j = (j + 1) & (uint64_t)(ncap - 1);
        nt[j] = s;
    }
    intern_tab = nt;
    intern_cap = ncap;
}

Str *str_intern(Str *s) {
    if (s->interned) return s;
    if ((intern_used + 1) * 2 > intern_cap) intern_grow();
    int64_t h = str_hash(s);
    uint64_t mask = (uint64_t)(intern_cap - 1);
    uint64_t j = (uint64_t)h & mask;
    for (;;) {
        Str *t = intern_tab[j];
        if (!t) break;
        if (t->hash == h && t->len == s->len && memcmp(t->data, s->data, (size_t)s->len) == 0)
            return t;
        j = (j + 1) & mask;
    }
    intern_tab[j] = s;
    intern_used++;
    s->interned = 1;
    return s;
}

Str *str_intern_cstr(const char *c) {
    return str_intern_bytes(c, strlen(c));
}

Str *str_intern_bytes(const char *c, size_t n) {
    if (intern_cap) {
        int64_t h = hash_bytes((const unsigned char *)c, (int64_t)n);
        uint64_t mask = (uint64_t)(intern_cap - 1);
        for (uint64_t j = (uint64_t)h & mask; intern_tab[j]; j = (j + 1) & mask) {
            Str *t = intern_tab[j];
            if (t->hash == h && (size_t)t->len == n && memcmp(t->data, c, n) == 0) return t;
        }
    }
    if (n == 0) return str_empty();
    // Interned strs are never shared single-char cache entries that could
    // be modified: single ASCII chars are cached and may be interned too.
    return str_intern(str_new(c, (int64_t)n));
}

Str *str_concat(Str *a, Str *b) {
    if (a->len == 0) return b;
    if (b->len == 0) return a;
    Str *s = str_alloc(a->len + b->len);
    memcpy(s->data, a->data, (size_t)a->len);
    memcpy(s->data + a->len, b->data, (size_t)b->len);
    s->nchars = a->nchars + b->nchars;
    s->ascii = a->ascii && b->ascii;
    return s;
}

// ---- StrBuf -------------------------------------------------------------------

void strbuf_init(StrBuf *b) {
    b->cap = 64;
    b->len = 0;
    b->data = (char *)gc_alloc_atomic((size_t)b->cap);
}

static void strbuf_reserve(StrBuf *b, int64_t extra) {
    if (b->len + extra <= b->cap) return;
    int64_t ncap = b->cap ? b->cap : 64;
    while (ncap < b->len + extra) ncap *= 2;
    char *nd = (char *)gc_alloc_atomic((size_t)ncap);
    if (b->len) memcpy(nd, b->data, (size_t)b->len);
    b->data = nd;
    b->cap = ncap;
}

void strbuf_putc(StrBuf *b, char c) {
    if (b->len >= b->cap) strbuf_reserve(b, 1);
    b->data[b->len++] = c;
}

void strbuf_putn(StrBuf *b, const char *s, int64_t n) {
    if (n <= 0) return;
    strbuf_reserve(b, n);
    memcpy(b->data + b->len, s, (size_t)n);
    b->len += n;
}

void strbuf_puts(StrBuf *b, const char *s) {
    strbuf_putn(b, s, (int64_t)strlen(s));
}

// A NULL [s] appends nothing (callers pass optional separators).
void strbuf_putstr(StrBuf *b, Str *s) {
    if (s) strbuf_putn(b, s->data, s->len);
}

void strbuf_put_codepoint(StrBuf *b, uint32_t cp) {
    char buf[4];
    int n = utf8_encode(cp, buf);
    strbuf_putn(b, buf, n);
}

static void strbuf_vprintf(StrBuf *b, const char *fmt, va_list ap);

void strbuf_printf(StrBuf *b, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    strbuf_vprintf(b, fmt, ap);
    va_end(ap);
}

Str *strbuf_finish(StrBuf *b) {
    Str *s = str_new(b->data, b->len);
    b->len = 0;
    return s;
}

// ---- printf for C code ----------------------------------------------------------

// Append the result of snprintf(spec, arg) for one directive.
#define PUT_FORMATTED(b, spec, ...)                                                                \
    do {                                                                                           \
        char small_[128];                                                                          \
        int n_ = snprintf(small_, sizeof small_, spec, __VA_ARGS__);                               \
        if (n_ < 0) break;                                                                         \
        if ((size_t)n_ < sizeof small_) {                                                          \
            strbuf_putn(b, small_, n_);                                                            \
        } else {                                                                                   \
            char *big_ = (char *)gc_alloc_atomic((size_t)n_ + 1);                                  \
            snprintf(big_, (size_t)n_ + 1, spec, __VA_ARGS__);                                     \
            strbuf_putn(b, big_, n_);                                                              \
        }                                                                                          \
    } while (0)

static void strbuf_vprintf(StrBuf *b, const char *fmt, va_list ap) {
    const char *p = fmt;
    while (*p) {
        const char *q = strchr(p, '%');
        if (!q) {
            strbuf_puts(b, p);
            return;
        }
        strbuf_putn(b, p, q - p);
        p = q + 1;
        if (*p == '%') {
            strbuf_putc(b, '%');
            p++;
            continue;
        }
        // Collect flags, width, precision and length into a sub-format.
        char spec[32];
        int sl = 0;
        spec[sl++] = '%';
        int star_args[2], nstar = 0;
        while (*p && strchr("-+ #0", *p) && sl < 20) spec[sl++] = *p++;
        if (*p == '*') {
            star_args[nstar++] = va_arg(ap, int);
            spec[sl++] = *p++;
        } else {
            while (*p >= '0' && *p <= '9' && sl < 24) spec[sl++] = *p++;
        }
        if (*p == '.') {
            spec[sl++] = *p++;
            if (*p == '*') {
                star_args[nstar++] = va_arg(ap, int);
                spec[sl++] = *p++;
            } else {
                while (*p >= '0' && *p <= '9' && sl < 28) spec[sl++] = *p++;
            }
        }
        int lng = 0; // 0 int, 1 long, 2 long long, 3 size_t
        if (*p == 'l') {
            lng = 1;
            spec[sl++] = *p++;
            if (*p == 'l') {
                lng = 2;
                spec[sl++] = *p++;
            }
        } else if (*p == 'z') {
            lng = 3;
            spec[sl++] = *p++;
        }
        char conv = *p;
        if (!conv) break;
        p++;
        spec[sl++] = conv;
        spec[sl] = '\0';
        switch (conv) {
        case 'T': {
            Value v = va_arg(ap, Value);
            Type *t = val_type(v);
            if (t->name_str)
                strbuf_putstr(b, t->name_str);
            else
                strbuf_puts(b, t->name);
            break;
        }
        case 'S': {
            Str *s = va_arg(ap, Str *);
            if (s)
                strbuf_putstr(b, s);
            else
                strbuf_puts(b, "(null)");
            break;
        }
        case 'R': {
            Value v = va_arg(ap, Value);
            Str *r = obj_repr(v);
            if (r)
                strbuf_putstr(b, r);
            else
                strbuf_puts(b, "<repr failed>");
            break;
        }
        case 'd':
        case 'i':
        case 'u':
        case 'x':
        case 'X':
        case 'o':
        case 'c': {
            long long x;
            if (lng == 0)
                x = conv == 'd' || conv == 'i' || conv == 'c' ? va_arg(ap, int)
                                                              : (long long)va_arg(ap, unsigned);
            else if (lng == 1)
                x = va_arg(ap, long);
            else if (lng == 2)
                x = va_arg(ap, long long);
            else
                x = (long long)va_arg(ap, size_t);
            // Re-emit with the widest length modifier.
            char spec2[40];
            int k = 0;
            for (int i = 0; i < sl - 1; i++)
                if (spec[i] != 'l' && spec[i] != 'z') spec2[k++] = spec[i];
            if (conv != 'c') spec2[k++] = 'l', spec2[k++] = 'l';
            spec2[k++] = conv;
            spec2[k] = '\0';
            if (conv == 'c') {
                if (nstar == 1)
                    PUT_FORMATTED(b, spec2, star_args[0], (int)x);
                else
                    PUT_FORMATTED(b, spec2, (int)x);
            } else if (nstar == 2)
                PUT_FORMATTED(b, spec2, star_args[0], star_args[1], x);
            else if (nstar == 1)
                PUT_FORMATTED(b, spec2, star_args[0], x);
            else
                PUT_FORMATTED(b, spec2, x);
            break;
        }
        case 'e':
        case 'E':
        case 'f':
        case 'F':
        case 'g':
        case 'G': {
            double d = va_arg(ap, double);
            if (nstar == 2)
                PUT_FORMATTED(b, spec, star_args[0], star_args[1], d);
            else if (nstar == 1)
                PUT_FORMATTED(b, spec, star_args[0], d);
            else
                PUT_FORMATTED(b, spec, d);
            break;
        }
        case 's': {
            const char *s = va_arg(ap, const char *);
            if (!s) s = "(null)";
            if (nstar == 0 && sl == 2) {
                strbuf_puts(b, s);
            } else if (nstar == 2)
                PUT_FORMATTED(b, spec, star_args[0], star_args[1], s);
            else if (nstar == 1)
                PUT_FORMATTED(b, spec, star_args[0], s);
            else
                PUT_FORMATTED(b, spec, s);
            break;
        }
        case 'p': {
            void *ptr = va_arg(ap, void *);
            PUT_FORMATTED(b, "%p", ptr);
            break;
        }
        default:
            // Unknown directive: copy it verbatim.
            strbuf_puts(b, spec);
            break;
        }
    }
}

Str *str_vprintf(const char *fmt, va_list ap) {
    StrBuf b;
    strbuf_init(&b);
    va_list cp;
    va_copy(cp, ap);
    strbuf_vprintf(&b, fmt, cp);
    va_end(cp);
    return strbuf_finish(&b);
}

Str *str_printf(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    Str *s = str_vprintf(fmt, ap);
    va_end(ap);
    return s;
}

// ---- repr --------------------------------------------------------------------------

Str *str_repr(Str *s) {
    const unsigned char *p = (const unsigned char *)s->data, *e = p + s->len;
    bool has_sq = memchr(s->data, '\'', (size_t)s->len) != NULL;
    bool has_dq = memchr(s->data, '"', (size_t)s->len) != NULL;
    char quote = has_sq && !has_dq ? '"' : '\'';
    StrBuf b;
    strbuf_init(&b);
    strbuf_putc(&b, quote);
    while (p < e) {
        int n;
        uint32_t c = utf8_decode(p, &n);
        if (c == (uint32_t)quote || c == '\\') {
            strbuf_putc(&b, '\\');
            strbuf_putc(&b, (char)c);
        } else if (c == '\t')
            strbuf_puts(&b, "\\t");
        else if (c == '\n')
            strbuf_puts(&b, "\\n");
        else if (c == '\r')
            strbuf_puts(&b, "\\r");
        else if (c < 0x20 || c == 0x7f)
            strbuf_printf(&b, "\\x%02x", c);
        else if (c < 0x7f)
            strbuf_putc(&b, (char)c);
        else if (uc_props(c) & UC_PRINTABLE)
            strbuf_putn(&b, (const char *)p, n);
        else if (c < 0x100)
            strbuf_printf(&b, "\\x%02x", c);
        else if (c < 0x10000)
            strbuf_printf(&b, "\\u%04x", c);
        else
            strbuf_printf(&b, "\\U%08x", c);
        p += n;
    }
    strbuf_putc(&b, quote);
    return strbuf_finish(&b);
}

// ---- argument checking for builtin methods ----------------------------------------

bool str_check_pos(const char *fname, int nargs, Tuple *kwnames, int min, int max) {
    if (str_kwcount(kwnames)) {
        err_format(&TypeErrorType, "%s() takes no keyword arguments", fname);
        return false;
    }
    if (nargs >= min && nargs <= max) return true;
    if (min == max)
        err_format(&TypeErrorType, "%s expected %d argument%s, got %d", fname, min,
                   min == 1 ? "" : "s", nargs);
    else if (nargs < min)
        err_format(&TypeErrorType, "%s expected at least %d argument%s, got %d", fname, min,
                   min == 1 ? "" : "s", nargs);
    else
        err_format(&TypeErrorType, "%s expected at most %d argument%s, got %d", fname, max,
                   max == 1 ? "" : "s", nargs);
    return false;
}

bool str_check_tuple_args(const char *fname, int nargs, Tuple *kwnames, int min, int max) {
    if (str_kwcount(kwnames)) {
        err_format(&TypeErrorType, "%s() takes no keyword arguments", fname);
        return false;
    }
    if (nargs >= min && nargs <= max) return true;
    int lim = nargs < min ? min : max;
    err_format(&TypeErrorType, "%s() takes %s %d argument%s (%d given)", fname,
               min == max    ? "exactly"
               : nargs < min ? "at least"
                             : "at most",
               lim, lim == 1 ? "" : "s", nargs);
    return false;
}

bool str_check_noargs(const char *qname, int nargs, Tuple *kwnames) {
    if (str_kwcount(kwnames)) {
        err_format(&TypeErrorType, "%s() takes no keyword arguments", qname);
        return false;
    }
    if (nargs != 1) {
        err_format(&TypeErrorType, "%s() takes no arguments (%d given)", qname, nargs - 1);
        return false;
    }
    return true;
}

bool str_check_onearg(const char *qname, int nargs, Tuple *kwnames) {
    if (str_kwcount(kwnames)) {
        err_format(&TypeErrorType, "%s() takes no keyword arguments", qname);
        return false;
    }
    if (nargs != 2) {
        err_format(&TypeErrorType, "%s() takes exactly one argument (%d given)", qname, nargs - 1);
        return false;
    }
    return true;
}

bool str_parse_args(const char *fname, const char *const *names, int nparams, int min, int maxpos,
                    Value *args, int nargs, Tuple *kwnames, Value *out) {
    int nkw = str_kwcount(kwnames);
    int npos = nargs - nkw;
    for (int i = 0; i < nparams; i++) out[i] = VAL_NULL;
    if (npos > maxpos) {
        if (maxpos == nparams)
            err_format(&TypeErrorType, "%s() takes %s %d argument%s (%d given)", fname,
                       min == maxpos ? "exactly" : "at most", maxpos, maxpos == 1 ? "" : "s", npos);
        else
            err_format(&TypeErrorType, "%s() takes %s %d positional argument%s (%d given)", fname,
                       min == maxpos ? "exactly" : "at most", maxpos, maxpos == 1 ? "" : "s", npos);
        return false;
    }
    for (int i = 0; i < npos; i++) out[i] = args[i];
    for (int k = 0; k < nkw; k++) {
        Str *name = (Str *)kwnames->items[k];
        int found = -1;
        for (int i = 0; i < nparams; i++)
            if (names[i][0] && str_eq_cstr(name, names[i])) found = i;
        if (found < 0) {
            err_format(&TypeErrorType, "'%S' is an invalid keyword argument for %s()", name, fname);
            return false;
        }
        if (found < npos) {
            err_format(&TypeErrorType, "argument for %s() given by name ('%s') and position (%d)",
                       fname, names[found], found + 1);
            return false;
        }
        out[found] = args[npos + k];
    }
    for (int i = 0; i < min; i++) {
        if (!out[i]) {
            err_format(&TypeErrorType, "%s() missing required argument '%s' (pos %d)", fname,
                       names[i], i + 1);
            return false;
        }
    }
    return true;
}

// ---- basic access ------------------------------------------------------------------

uint32_t str_char_at(Str *s, int64_t i) {
    if (s->ascii) return (unsigned char)s->data[i];
    int n;
    return utf8_decode((const unsigned char *)s->data + str_cp_offset(s, i), &n);
}

Str *str_substr(Str *s, int64_t start, int64_t stop) {
    if (start == 0 && stop == s->nchars) return s;
    if (start >= stop) return str_empty();
    if (s->ascii) return str_new_known(s->data + start, stop - start, stop - start, true);
    int64_t a = str_cp_offset(s, start);
    int64_t b = stop == s->nchars ? s->len : a;
    if (stop != s->nchars) {
        const unsigned char *p = (const unsigned char *)s->data;
        for (int64_t k = start; k < stop; k++) b += utf8_len(p[b]);
    }
    int64_t n = stop - start;
    return str_new_known(s->data + a, b - a, n, n == b - a);
}

// A new str from a byte range of [s] (offsets on character boundaries).
static Str *str_bytes_range(Str *s, int64_t a, int64_t b) {
    if (a == 0 && b == s->len) return s;
    if (s->ascii) return str_new_known(s->data + a, b - a, b - a, true);
    return str_new(s->data + a, b - a);
}

// The code points of [s] as an array of nchars entries.
static uint32_t *str_codepoints(Str *s) {
    uint32_t *cps = (uint32_t *)gc_alloc_atomic(sizeof(uint32_t) * (size_t)(s->nchars + 1));
    const unsigned char *p = (const unsigned char *)s->data;
    for (int64_t i = 0, off = 0; i < s->nchars; i++) {
        int n;
        cps[i] = utf8_decode(p + off, &n);
        off += n;
    }
    return cps;
}

// Code point at byte offset [*off]; advances *off.
static inline uint32_t next_cp(Str *s, int64_t *off) {
    int n;
    uint32_t c = utf8_decode((const unsigned char *)s->data + *off, &n);
    *off += n;
    return c;
}

// Code point ending at byte offset [*off]; moves *off back to its start.
static inline uint32_t prev_cp(Str *s, int64_t *off) {
    int64_t o = *off - 1;
    while (o > 0 && ((unsigned char)s->data[o] & 0xc0) == 0x80) o--;
    *off = o;
    int n;
    return utf8_decode((const unsigned char *)s->data + o, &n);
}

static inline bool is_space_cp(uint32_t c) {
    if (c < 0x80) return (c >= 9 && c <= 13) || (c >= 0x1c && c <= 0x20);
    return (uc_props(c) & UC_SPACE) != 0;
}

static inline bool is_linebreak(uint32_t c) {
    return c == '\n' || c == '\r' || c == 0x0b || c == 0x0c || c == 0x1c || c == 0x1d ||
           c == 0x1e || c == 0x85 || c == 0x2028 || c == 0x2029;
}

// ---- slots -------------------------------------------------------------------------

static Value str_repr_slot(Value self) {
    return (Value)str_repr((Str *)self);
}

static Value str_str_slot(Value self) {
    return self;
}

static int64_t str_hash_slot(Value self) {
    return str_hash((Str *)self);
}

// Three-way comparison in code-point order (== UTF-8 byte order).
static int str_cmp(Str *a, Str *b) {
    int64_t n = a->len < b->len ? a->len : b->len;
    int c = memcmp(a->data, b->data, (size_t)n);
    if (c) return c < 0 ? -1 : 1;
    return a->len < b->len ? -1 : a->len > b->len;
}

static Value str_compare(Value a, Value b, CmpOp op) {
    if (!val_is(a, &StrType) || !val_is(b, &StrType)) return VAL_NOTIMPL;
    Str *x = (Str *)a, *y = (Str *)b;
    if (op == CMP_EQ) return val_bool(str_eq(x, y));
    if (op == CMP_NE) return val_bool(!str_eq(x, y));
    int c = str_cmp(x, y);
    switch (op) {
    case CMP_LT: return val_bool(c < 0);
    case CMP_LE: return val_bool(c <= 0);
    case CMP_GT: return val_bool(c > 0);
    case CMP_GE: return val_bool(c >= 0);
    default: break;
    }
    return VAL_NOTIMPL;
}

// s * n.
static Value str_repeat(Str *s, int64_t n) {
    if (n <= 0 || s->len == 0) return (Value)str_empty();
    if (n == 1) return (Value)s;
    int64_t total;
    // CPython counts characters (OverflowError past PY_SSIZE_T_MAX), then
    // fails to allocate (MemoryError).
    if (__builtin_mul_overflow(s->nchars, n, &total))
        return err_format(&OverflowErrorType, "repeated string is too long");
    if (__builtin_mul_overflow(s->len, n, &total)) return err_raise((Value)&MemoryErrorType);
    Str *r = str_alloc_checked(total);
    if (!r) return VAL_NULL;
    if (s->len == 1)
        memset(r->data, s->data[0], (size_t)total);
    else
        for (int64_t i = 0; i < n; i++) memcpy(r->data + i * s->len, s->data, (size_t)s->len);
    r->nchars = s->nchars * n;
    r->ascii = s->ascii;
    return (Value)r;
}

static Value str_binop(BinOp op, Value a, Value b) {
    switch (op) {
    case BINOP_ADD:
        if (val_is(a, &StrType) && val_is(b, &StrType))
            return (Value)str_concat((Str *)a, (Str *)b);
        return VAL_NOTIMPL;
    case BINOP_MUL: {
        Value s = val_is(a, &StrType) ? a : b, n = s == a ? b : a;
        if (!val_is(s, &StrType)) return VAL_NOTIMPL;
        if (val_is_int(n)) return str_repeat((Str *)s, int_value(n));
        if (val_type(n)->dunders[DUNDER_INDEX]) {
            int64_t k;
            if (!obj_to_index(n, &k)) return VAL_NULL;
            return str_repeat((Str *)s, k);
        }
        Type *nt = val_type(n);
        if (nt->tp_binop && nt != &StrType && (nt->flags & TF_HEAPTYPE)) return VAL_NOTIMPL;
        return err_format(&TypeErrorType, "can't multiply sequence by non-int of type '%s'",
                          nt->name);
    }
    case BINOP_MOD:
        if (!val_is(a, &StrType)) return VAL_NOTIMPL;
        return str_mod_format((Str *)a, b);
    default: break;
    }
    return VAL_NOTIMPL;
}

static int str_bool(Value self) {
    return ((Str *)self)->len != 0;
}

static int64_t str_len_slot(Value self) {
    return ((Str *)self)->nchars;
}

// Substring search of [needle] in [hay] between byte offsets [a, b).
static int64_t find_bytes(const char *hay, int64_t a, int64_t b, const char *needle, int64_t n) {
    if (n == 0) return a <= b ? a : -1;
    if (b - a < n) return -1;
    if (n == 1) {
        const char *r = memchr(hay + a, needle[0], (size_t)(b - a));
        return r ? r - hay : -1;
    }
    const char *r = memmem(hay + a, (size_t)(b - a), needle, (size_t)n);
    return r ? r - hay : -1;
}

static int64_t rfind_bytes(const char *hay, int64_t a, int64_t b, const char *needle, int64_t n) {
    if (n == 0) return a <= b ? b : -1;
    for (int64_t i = b - n; i >= a; i--)
        if (hay[i] == needle[0] && memcmp(hay + i, needle, (size_t)n) == 0) return i;
    return -1;
}

static int str_contains(Value self, Value item) {
    if (!val_is(item, &StrType)) {
        err_format(&TypeErrorType, "'in <string>' requires string as left operand, not %s",
                   obj_type_name(item));
        return -1;
    }
    Str *s = (Str *)self, *sub = (Str *)item;
    return find_bytes(s->data, 0, s->len, sub->data, sub->len) >= 0;
}

static Value str_getitem(Value self, Value key) {
    Str *s = (Str *)self;
    if (val_is(key, &SliceType)) {
        int64_t start, stop, step, n;
        if (!slice_indices((Slice *)key, s->nchars, &start, &stop, &step, &n)) return VAL_NULL;
        if (n <= 0) return (Value)str_empty();
        if (step == 1) return (Value)str_substr(s, start, start + n);
        if (s->ascii) {
            Str *r = str_alloc(n);
            for (int64_t i = 0; i < n; i++) r->data[i] = s->data[start + i * step];
            return (Value)r;
        }
        uint32_t *cps = str_codepoints(s);
        StrBuf b;
        strbuf_init(&b);
        for (int64_t i = 0; i < n; i++) strbuf_put_codepoint(&b, cps[start + i * step]);
        return (Value)strbuf_finish(&b);
    }
    int64_t i;
    if (val_is_int(key))
        i = int_value(key);
    else if (val_type(key)->dunders[DUNDER_INDEX]) {
        if (!obj_to_index(key, &i)) return VAL_NULL;
    } else
        return err_format(&TypeErrorType, "string indices must be integers, not '%s'",
                          obj_type_name(key));
    if (i < 0) i += s->nchars;
    if (i < 0 || i >= s->nchars) return err_format(&IndexErrorType, "string index out of range");
    if (s->ascii) return (Value)str_from_codepoint((unsigned char)s->data[i]);
    return (Value)str_from_codepoint(str_char_at(s, i));
}

// ---- iterator ---------------------------------------------------------------------------

static Value str_iter(Value self) {
    StrIter *it = (StrIter *)obj_alloc(&StrIterType, sizeof(StrIter));
    it->str = (Str *)self;
    it->pos = 0;
    return (Value)it;
}

static Value striter_next(Value self) {
    StrIter *it = (StrIter *)self;
    Str *s = it->str;
    if (!s) return ITER_DONE;
    if (it->pos >= s->len) {
        it->str = NULL;
        return ITER_DONE;
    }
    uint32_t c = next_cp(s, &it->pos);
    return (Value)str_from_codepoint(c);
}

static Value self_iter(Value self) {
    return self;
}

Type StrIterType = {
    .obj = {&TypeType},
    .name = "str_iterator",
    .inst_size = sizeof(StrIter),
    .tp_iter = self_iter,
    .tp_next = striter_next,
};

// ---- constructor --------------------------------------------------------------------------

static Value str_new_slot(Type *t, Value *args, int nargs, Tuple *kwnames) {
    static const char *const names[] = {"object", "encoding", "errors"};
    Value a[3];
    if (!str_parse_args("str", names, 3, 0, 3, args, nargs, kwnames, a)) return VAL_NULL;
    if (!a[0] && !a[1] && !a[2]) return (Value)str_empty();
    if (!a[1] && !a[2]) {
        if (!obj_may_run_repr(a[0])) return (Value)obj_str(a[0]);
        // A list of objects with a user __repr__: the call continues as the
        // record computing it (helper.h).
        Value rec, r = obj_start_str(a[0], &rec);
        return rec ? rec : r;
    }
    if (!a[0]) return (Value)str_empty();
    if (a[1] && !val_is(a[1], &StrType))
        return err_format(&TypeErrorType, "str() argument 'encoding' must be str, not %s",
                          obj_type_name(a[1]));
    if (a[2] && !val_is(a[2], &StrType))
        return err_format(&TypeErrorType, "str() argument 'errors' must be str, not %s",
                          obj_type_name(a[2]));
    const char *enc = codec_lookup(a[1] ? (Str *)a[1] : str_intern_cstr("utf-8"));
    if (!enc) return VAL_NULL;
    if (val_is(a[0], &StrType)) return err_format(&TypeErrorType, "decoding str is not supported");
    if (!val_is(a[0], &BytesType))
        return err_format(&TypeErrorType, "decoding to str: need a bytes-like object, %s found",
                          obj_type_name(a[0]));
    Bytes *b = (Bytes *)a[0];
    return codec_decode(b->data, b->len, enc, a[2] ? (Str *)a[2] : NULL);
}

// ---- method helpers ----------------------------------------------------------------------

// A slice index argument (None or an integer); false with TypeError.
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

// Require a str argument: "must be str, not int" (or a custom prefix).
static Str *str_arg(Value v, const char *what) {
    if (val_is(v, &StrType)) return (Str *)v;
    if (what)
        err_format(&TypeErrorType, "%s must be str, not %s", what, obj_type_name(v));
    else
        err_format(&TypeErrorType, "must be str, not %s", obj_type_name(v));
    return NULL;
}

#define SELF ((Str *)args[0])

// Parse (sub[, start[, end]]) and resolve it to byte offsets [*a, *b) of
// self; returns false on error. *empty_out is set when start > len.
static bool sub_range(const char *fname, Value *args, int nargs, Tuple *kwnames, Str **sub,
                      int64_t *a, int64_t *b, int64_t *cs, int64_t *ce) {
    if (!str_check_tuple_args(fname, nargs - 1, kwnames, 1, 3)) return false;
    Str *s = SELF;
    if (!val_is(args[1], &StrType)) {
        err_format(&TypeErrorType, "must be str, not %s", obj_type_name(args[1]));
        return false;
    }
    *sub = (Str *)args[1];
    int64_t start = 0, end = INT64_MAX;
    if (nargs > 2 && !slice_arg(args[2], &start)) return false;
    if (nargs > 3 && !slice_arg(args[3], &end)) return false;
    adjust_indices(&start, &end, s->nchars);
    *cs = start;
    *ce = end;
    if (start > s->nchars || end < start) {
        *a = 1;
        *b = 0;
        return true;
    }
    *a = str_cp_offset(s, start);
    *b = str_cp_offset(s, end);
    return true;
}

static Value do_find(const char *fname, Value *args, int nargs, Tuple *kwnames, bool rev,
                     bool raise) {
    Str *sub;
    int64_t a, b, cs, ce;
    if (!sub_range(fname, args, nargs, kwnames, &sub, &a, &b, &cs, &ce)) return VAL_NULL;
    Str *s = SELF;
    int64_t r = -1;
    if (a <= b)
        r = rev ? rfind_bytes(s->data, a, b, sub->data, sub->len)
                : find_bytes(s->data, a, b, sub->data, sub->len);
    if (r < 0) {
        if (raise) return err_format(&ValueErrorType, "substring not found");
        return int_from_i64(-1);
    }
    return int_from_i64(str_cp_index(s, r));
}

static Value str_find(Value *args, int nargs, Tuple *kwnames) {
    return do_find("find", args, nargs, kwnames, false, false);
}
static Value str_rfind(Value *args, int nargs, Tuple *kwnames) {
    return do_find("rfind", args, nargs, kwnames, true, false);
}
static Value str_index(Value *args, int nargs, Tuple *kwnames) {
    return do_find("index", args, nargs, kwnames, false, true);
}
static Value str_rindex(Value *args, int nargs, Tuple *kwnames) {
    return do_find("rindex", args, nargs, kwnames, true, true);
}

static Value str_count(Value *args, int nargs, Tuple *kwnames) {
    Str *sub;
    int64_t a, b, cs, ce;
    if (!sub_range("count", args, nargs, kwnames, &sub, &a, &b, &cs, &ce)) return VAL_NULL;
    if (a > b) return int_from_i64(0);
    if (sub->len == 0) return int_from_i64(ce - cs + 1);
    Str *s = SELF;
    int64_t n = 0;
    for (int64_t p = a;;) {
        int64_t r = find_bytes(s->data, p, b, sub->data, sub->len);
        if (r < 0) break;
        n++;
        p = r + sub->len;
    }
    return int_from_i64(n);
}

// startswith / endswith.
static Value tailmatch_method(const char *fname, Value *args, int nargs, Tuple *kwnames,
                              bool end_side) {
    if (!str_check_tuple_args(fname, nargs - 1, kwnames, 1, 3)) return VAL_NULL;
    Str *s = SELF;
    int64_t start = 0, end = INT64_MAX;
    if (nargs > 2 && !slice_arg(args[2], &start)) return VAL_NULL;
    if (nargs > 3 && !slice_arg(args[3], &end)) return VAL_NULL;
    adjust_indices(&start, &end, s->nchars);
    Value pat = args[1];
    Value *pats = &pat;
    int64_t npats = 1;
    if (val_is(pat, &TupleType)) {
        pats = ((Tuple *)pat)->items;
        npats = ((Tuple *)pat)->len;
    } else if (!val_is(pat, &StrType)) {
        return err_format(&TypeErrorType, "%s first arg must be str or a tuple of str, not %s",
                          fname, obj_type_name(pat));
    }
    for (int64_t k = 0; k < npats; k++) {
        if (!val_is(pats[k], &StrType))
            return err_format(&TypeErrorType, "tuple for %s must only contain str, not %s", fname,
                              obj_type_name(pats[k]));
        Str *sub = (Str *)pats[k];
        int64_t e = end - sub->nchars;
        if (e < start) continue;
        if (sub->len == 0) return VAL_TRUE;
        int64_t off = str_cp_offset(s, end_side ? e : start);
        if (off + sub->len <= s->len && memcmp(s->data + off, sub->data, (size_t)sub->len) == 0)
            return VAL_TRUE;
    }
    return VAL_FALSE;
}

static Value str_startswith(Value *args, int nargs, Tuple *kwnames) {
    return tailmatch_method("startswith", args, nargs, kwnames, false);
}
static Value str_endswith(Value *args, int nargs, Tuple *kwnames) {
    return tailmatch_method("endswith", args, nargs, kwnames, true);
}

// ---- join ------------------------------------------------------------------------------

Str *str_join_list(Str *sep, Value *items, int64_t n) {
    if (n == 0) return str_empty();
    int64_t total = 0, nchars = 0;
    bool ascii = sep->ascii;
    for (int64_t i = 0; i < n; i++) {
        if (!val_is(items[i], &StrType)) {
            err_format(&TypeErrorType, "sequence item %lld: expected str instance, %s found",
                       (long long)i, obj_type_name(items[i]));
            return NULL;
        }
        Str *s = (Str *)items[i];
        total += s->len;
        nchars += s->nchars;
        ascii = ascii && s->ascii;
    }
    if (n == 1) return (Str *)items[0];
    int64_t seps;
    if (__builtin_mul_overflow(sep->nchars, n - 1, &seps) ||
        __builtin_add_overflow(nchars, seps, &nchars)) {
        err_format(&OverflowErrorType, "join() result is too long for a Python string");
        return NULL;
    }
    if (__builtin_mul_overflow(sep->len, n - 1, &seps) ||
        __builtin_add_overflow(total, seps, &total)) {
        err_raise((Value)&MemoryErrorType);
        return NULL;
    }
    Str *r = str_alloc_checked(total);
    if (!r) return NULL;
    char *p = r->data;
    for (int64_t i = 0; i < n; i++) {
        if (i && sep->len) {
            memcpy(p, sep->data, (size_t)sep->len);
            p += sep->len;
        }
        Str *s = (Str *)items[i];
        memcpy(p, s->data, (size_t)s->len);
        p += s->len;
    }
    r->nchars = nchars;
    r->ascii = ascii;
    return r;
}

static Value str_join(Value *args, int nargs, Tuple *kwnames) {
    if (!str_check_onearg("str.join", nargs, kwnames)) return VAL_NULL;
    Value it = args[1];
    if (val_is(it, &ListType))
        return (Value)str_join_list(SELF, ((List *)it)->items, ((List *)it)->len);
    if (val_is(it, &TupleType))
        return (Value)str_join_list(SELF, ((Tuple *)it)->items, ((Tuple *)it)->len);
    Type *t = val_type(it);
    if (t->dunders[DUNDER_ITER] || t->dunders[DUNDER_GETITEM] || t == &GeneratorType ||
        t->next_helper) {
        // Its iteration runs Python code: collect the items in a helper,
        // then join the list (helper.h: the call continues as the record).
        extern Value vmops_collect_call(const char *builtin, Value *args, int nargs, int index);
        return vmops_collect_call("str.join", args, nargs, 1);
    }
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
    return (Value)str_join_list(SELF, l->items, l->len);
}

// ---- split family --------------------------------------------------------------------------

// Parse (sep=None, maxsplit=-1).
static bool split_args(const char *fname, Value *args, int nargs, Tuple *kwnames, Str **sep,
                       int64_t *maxsplit) {
    static const char *const names[] = {"sep", "maxsplit"};
    Value a[2];
    if (!str_parse_args(fname, names, 2, 0, 2, args + 1, nargs - 1, kwnames, a)) return false;
    *sep = NULL;
    *maxsplit = -1;
    if (a[0] && a[0] != VAL_NONE) {
        if (!val_is(a[0], &StrType)) {
            err_format(&TypeErrorType, "must be str or None, not %s", obj_type_name(a[0]));
            return false;
        }
        *sep = (Str *)a[0];
        if ((*sep)->len == 0) {
            err_format(&ValueErrorType, "empty separator");
            return false;
        }
    }
    if (a[1] && !obj_to_index(a[1], maxsplit)) return false;
    if (*maxsplit < 0) *maxsplit = INT64_MAX;
    return true;
}

static Value str_split(Value *args, int nargs, Tuple *kwnames) {
    Str *sep;
    int64_t maxcount;
    if (!split_args("split", args, nargs, kwnames, &sep, &maxcount)) return VAL_NULL;
    Str *s = SELF;
    List *l = list_new(0);
    if (!sep) {
        int64_t i = 0, len = s->len;
        while (maxcount-- > 0) {
            int64_t j;
            for (;;) {
                if (i >= len) break;
                int64_t k = i;
                if (!is_space_cp(next_cp(s, &k))) break;
                i = k;
            }
            if (i >= len) break;
            j = i;
            next_cp(s, &i);
            for (;;) {
                if (i >= len) break;
                int64_t k = i;
                if (is_space_cp(next_cp(s, &k))) break;
                i = k;
            }
            list_append(l, (Value)str_bytes_range(s, j, i));
        }
        if (i < len) {
            for (;;) {
                if (i >= len) break;
                int64_t k = i;
                if (!is_space_cp(next_cp(s, &k))) break;
                i = k;
            }
            if (i < len) list_append(l, (Value)str_bytes_range(s, i, len));
        }
        return (Value)l;
    }
    int64_t i = 0;
    while (maxcount-- > 0) {
        int64_t r = find_bytes(s->data, i, s->len, sep->data, sep->len);
        if (r < 0) break;
        list_append(l, (Value)str_bytes_range(s, i, r));
        i = r + sep->len;
    }
    list_append(l, (Value)str_bytes_range(s, i, s->len));
    return (Value)l;
}

static void list_reverse_inplace(List *l) {
    for (int64_t i = 0, j = l->len - 1; i < j; i++, j--) {
        Value t = l->items[i];
        l->items[i] = l->items[j];
        l->items[j] = t;
    }
}

static Value str_rsplit(Value *args, int nargs, Tuple *kwnames) {
    Str *sep;
    int64_t maxcount;
    if (!split_args("rsplit", args, nargs, kwnames, &sep, &maxcount)) return VAL_NULL;
    Str *s = SELF;
    List *l = list_new(0);
    if (!sep) {
        int64_t i = s->len; // end offset of the unscanned part
        while (maxcount-- > 0) {
            for (;;) {
                if (i <= 0) break;
                int64_t k = i;
                if (!is_space_cp(prev_cp(s, &k))) break;
                i = k;
            }
            if (i <= 0) break;
            int64_t j = i;
            prev_cp(s, &i);
            for (;;) {
                if (i <= 0) break;
                int64_t k = i;
                if (is_space_cp(prev_cp(s, &k))) break;
                i = k;
            }
            list_append(l, (Value)str_bytes_range(s, i, j));
        }
        if (i > 0) {
            for (;;) {
                if (i <= 0) break;
                int64_t k = i;
                if (!is_space_cp(prev_cp(s, &k))) break;
                i = k;
            }
            if (i > 0) list_append(l, (Value)str_bytes_range(s, 0, i));
        }
        list_reverse_inplace(l);
        return (Value)l;
    }
    int64_t j = s->len;
    while (maxcount-- > 0) {
        int64_t r = rfind_bytes(s->data, 0, j, sep->data, sep->len);
        if (r < 0) break;
        list_append(l, (Value)str_bytes_range(s, r + sep->len, j));
        j = r;
    }
    list_append(l, (Value)str_bytes_range(s, 0, j));
    list_reverse_inplace(l);
    return (Value)l;
}

static Value str_splitlines(Value *args, int nargs, Tuple *kwnames) {
    static const char *const names[] = {"keepends"};
    Value a[1];
    if (!str_parse_args("splitlines", names, 1, 0, 1, args + 1, nargs - 1, kwnames, a))
        return VAL_NULL;
    int keep = 0;
    if (a[0]) {
        if (val_is(a[0], &FloatType))
            return err_format(&TypeErrorType, "'float' object cannot be interpreted as an integer");
        if ((keep = obj_truth(a[0])) < 0) return VAL_NULL;
    }
    Str *s = SELF;
    List *l = list_new(0);
    int64_t i = 0, len = s->len;
    while (i < len) {
        int64_t j = i, eol;
        uint32_t c = 0;
        for (;;) {
            if (j >= len) break;
            int64_t k = j;
            c = next_cp(s, &k);
            if (is_linebreak(c)) break;
            j = k;
        }
        eol = j;
        if (j < len) {
            next_cp(s, &j);
            if (c == '\r' && j < len && s->data[j] == '\n') j++;
            if (keep) eol = j;
        }
        list_append(l, (Value)str_bytes_range(s, i, eol));
        i = j;
    }
    return (Value)l;
}

static Value do_partition(const char *qname, Value *args, int nargs, Tuple *kwnames, bool rev) {
    if (!str_check_onearg(qname, nargs, kwnames)) return VAL_NULL;
    Str *s = SELF;
    Str *sep = str_arg(args[1], NULL);
    if (!sep) return VAL_NULL;
    if (sep->len == 0) return err_format(&ValueErrorType, "empty separator");
    int64_t r = rev ? rfind_bytes(s->data, 0, s->len, sep->data, sep->len)
                    : find_bytes(s->data, 0, s->len, sep->data, sep->len);
    Value e = (Value)str_empty();
    if (r < 0)
        return rev ? (Value)tuple_pack(3, e, e, (Value)s) : (Value)tuple_pack(3, (Value)s, e, e);
    return (Value)tuple_pack(3, (Value)str_bytes_range(s, 0, r), (Value)sep,
                             (Value)str_bytes_range(s, r + sep->len, s->len));
}

static Value str_partition(Value *args, int nargs, Tuple *kwnames) {
    return do_partition("str.partition", args, nargs, kwnames, false);
}
static Value str_rpartition(Value *args, int nargs, Tuple *kwnames) {
    return do_partition("str.rpartition", args, nargs, kwnames, true);
}

// ---- strip ----------------------------------------------------------------------------------

static bool in_chars(uint32_t c, const uint32_t *set, int64_t n) {
    for (int64_t i = 0; i < n; i++)
        if (set[i] == c) return true;
    return false;
}

static Value do_strip(const char *fname, Value *args, int nargs, Tuple *kwnames, bool left,
                      bool right) {
    if (!str_check_pos(fname, nargs - 1, kwnames, 0, 1)) return VAL_NULL;
    Str *s = SELF;
    uint32_t *set = NULL;
    int64_t nset = 0;
    if (nargs > 1 && args[1] != VAL_NONE) {
        if (!val_is(args[1], &StrType))
            return err_format(&TypeErrorType, "%s arg must be None or str", fname);
        Str *cs = (Str *)args[1];
        set = str_codepoints(cs);
        nset = cs->nchars;
    }
    int64_t a = 0, b = s->len;
    if (left)
        while (a < b) {
            int64_t k = a;
            uint32_t c = next_cp(s, &k);
            if (set ? !in_chars(c, set, nset) : !is_space_cp(c)) break;
            a = k;
        }
    if (right)
        while (b > a) {
            int64_t k = b;
            uint32_t c = prev_cp(s, &k);
            if (set ? !in_chars(c, set, nset) : !is_space_cp(c)) break;
            b = k;
        }
    return (Value)str_bytes_range(s, a, b);
}

static Value str_strip(Value *args, int nargs, Tuple *kwnames) {
    return do_strip("strip", args, nargs, kwnames, true, true);
}
static Value str_lstrip(Value *args, int nargs, Tuple *kwnames) {
    return do_strip("lstrip", args, nargs, kwnames, true, false);
}
static Value str_rstrip(Value *args, int nargs, Tuple *kwnames) {
    return do_strip("rstrip", args, nargs, kwnames, false, true);
}

// ---- replace ---------------------------------------------------------------------------------

// Check that s.replace(old, new, count) can be allocated before building it:
// when even the most replacements could not overflow the memory, at once;
// else by counting them (OverflowError "replace string is too long" past
// 2**63 characters, as CPython, MemoryError past the memory).
static bool replace_size_ok(Str *s, Str *old, Str *new_, int64_t count) {
    if (new_->len <= old->len) return true;
    int64_t most = old->len ? s->len / old->len : s->nchars + 1, bound;
    if (most > count) most = count;
    if (!__builtin_mul_overflow(most, new_->len - old->len, &bound) &&
        !__builtin_add_overflow(bound, s->len, &bound) && bound < (INT64_C(1) << 32))
        return true;
    int64_t n = 0;
    if (!old->len) {
        n = s->nchars + 1 < count ? s->nchars + 1 : count;
    } else {
        for (int64_t i = 0; n < count; n++) {
            int64_t r = find_bytes(s->data, i, s->len, old->data, old->len);
            if (r < 0) break;
            i = r + old->len;
        }
    }
    int64_t nchars, total;
    if (__builtin_mul_overflow(n, new_->nchars - old->nchars, &nchars) ||
        __builtin_add_overflow(nchars, s->nchars, &nchars)) {
        err_format(&OverflowErrorType, "replace string is too long");
        return false;
    }
    if (__builtin_mul_overflow(n, new_->len - old->len, &total) ||
        __builtin_add_overflow(total, s->len, &total)) {
        err_raise((Value)&MemoryErrorType);
        return false;
    }
    return gc_size_ok((uint64_t)total + sizeof(Str) + 1);
}

static Value str_replace(Value *args, int nargs, Tuple *kwnames) {
    if (!str_check_pos("replace", nargs - 1, kwnames, 2, 3)) return VAL_NULL;
    Str *s = SELF;
    Str *old = str_arg(args[1], "replace() argument 1");
    if (!old) return VAL_NULL;
    Str *new_ = str_arg(args[2], "replace() argument 2");
    if (!new_) return VAL_NULL;
    int64_t count = -1;
    if (nargs > 3 && !obj_to_index(args[3], &count)) return VAL_NULL;
    if (count < 0) count = INT64_MAX;
    if (count == 0) return (Value)s;
    if (!replace_size_ok(s, old, new_, count)) return VAL_NULL;
    StrBuf b;
    strbuf_init(&b);
    if (old->len == 0) {
        int64_t i = 0, n = 0;
        while (i < s->len) {
            if (n < count) {
                strbuf_putstr(&b, new_);
                n++;
            }
            int64_t k = i;
            next_cp(s, &k);
            strbuf_putn(&b, s->data + i, k - i);
            i = k;
        }
        if (n < count) strbuf_putstr(&b, new_);
        return (Value)strbuf_finish(&b);
    }
    int64_t i = 0, n = 0;
    while (n < count) {
        int64_t r = find_bytes(s->data, i, s->len, old->data, old->len);
        if (r < 0) break;
        strbuf_putn(&b, s->data + i, r - i);
        strbuf_putstr(&b, new_);
        i = r + old->len;
        n++;
    }
    if (n == 0) return (Value)s;
    strbuf_putn(&b, s->data + i, s->len - i);
    return (Value)strbuf_finish(&b);
}

// ---- case mapping ---------------------------------------------------------------------------

static bool is_cased(uint32_t c) {
    return (uc_props(c) & UC_CASED) != 0;
}
static bool is_case_ignorable(uint32_t c) {
    return (uc_props(c) & UC_CASE_IGNORABLE) != 0;
}

// Lowercase of cps[i], with the Greek final sigma rule.
static int lower_at(const uint32_t *cps, int64_t n, int64_t i, uint32_t *out) {
    uint32_t c = cps[i];
    if (c != 0x3a3) return uc_lower(c, out);
    int64_t j;
    uint32_t x = 0;
    for (j = i - 1; j >= 0; j--) {
        x = cps[j];
        if (!is_case_ignorable(x)) break;
    }
    bool final = j >= 0 && is_cased(x);
    if (final && i + 1 < n) {
        for (j = i + 1; j < n; j++) {
            x = cps[j];
            if (!is_case_ignorable(x)) break;
        }
        final = j == n || !is_cased(x);
    }
    out[0] = final ? 0x3c2 : 0x3c3;
    return 1;
}

enum { CASE_UPPER, CASE_LOWER, CASE_CAPITALIZE, CASE_SWAP, CASE_TITLE, CASE_FOLD };

static Str *case_map(Str *s, int mode) {
    if (s->ascii && (mode == CASE_UPPER || mode == CASE_LOWER || mode == CASE_FOLD)) {
        Str *r = str_alloc(s->len);
        unsigned char base = mode == CASE_UPPER ? 'a' : 'A';
        for (int64_t i = 0; i < s->len; i++) {
            unsigned char c = (unsigned char)s->data[i];
            r->data[i] = (char)(c ^ ((unsigned char)(c - base) < 26u ? 0x20 : 0));
        }
        return r;
    }
    if (s->ascii) {
        Str *r = str_alloc(s->len);
        bool prev_cased = false;
        for (int64_t i = 0; i < s->len; i++) {
            char c = s->data[i];
            bool up = c >= 'A' && c <= 'Z', lo = c >= 'a' && c <= 'z';
            switch (mode) {
            case CASE_UPPER: r->data[i] = lo ? (char)(c - 32) : c; break;
            case CASE_LOWER:
            case CASE_FOLD: r->data[i] = up ? (char)(c + 32) : c; break;
            case CASE_CAPITALIZE:
                if (i == 0)
                    r->data[i] = lo ? (char)(c - 32) : c;
                else
                    r->data[i] = up ? (char)(c + 32) : c;
                break;
            case CASE_SWAP: r->data[i] = up ? (char)(c + 32) : lo ? (char)(c - 32) : c; break;
            case CASE_TITLE:
                if (prev_cased)
                    r->data[i] = up ? (char)(c + 32) : c;
                else
                    r->data[i] = lo ? (char)(c - 32) : c;
                prev_cased = up || lo;
                break;
            }
        }
        return r;
    }
    uint32_t *cps = str_codepoints(s);
    int64_t n = s->nchars;
    StrBuf b;
    strbuf_init(&b);
    bool prev_cased = false;
    for (int64_t i = 0; i < n; i++) {
        uint32_t c = cps[i], out[3];
        int k = 0;
        uint32_t p = uc_props(c);
        switch (mode) {
        case CASE_UPPER: k = uc_upper(c, out); break;
        case CASE_LOWER: k = lower_at(cps, n, i, out); break;
        case CASE_FOLD: k = uc_fold(c, out); break;
        case CASE_CAPITALIZE: k = i == 0 ? uc_title(c, out) : lower_at(cps, n, i, out); break;
        case CASE_SWAP:
            if (p & UC_UPPER)
                k = lower_at(cps, n, i, out);
            else if (p & UC_LOWER)
                k = uc_upper(c, out);
            else
                out[0] = c, k = 1;
            break;
        case CASE_TITLE:
            k = prev_cased ? lower_at(cps, n, i, out) : uc_title(c, out);
            prev_cased = (p & UC_CASED) != 0;
            break;
        }
        for (int j = 0; j < k; j++) strbuf_put_codepoint(&b, out[j]);
    }
    return strbuf_finish(&b);
}

#define CASE_METHOD(fn, qname, mode)                                                               \
    static Value fn(Value *args, int nargs, Tuple *kwnames) {                                      \
        if (!str_check_noargs(qname, nargs, kwnames)) return VAL_NULL;                             \
        return (Value)case_map(SELF, mode);                                                        \
    }
CASE_METHOD(str_upper, "str.upper", CASE_UPPER)
CASE_METHOD(str_lower, "str.lower", CASE_LOWER)
CASE_METHOD(str_capitalize, "str.capitalize", CASE_CAPITALIZE)
CASE_METHOD(str_swapcase, "str.swapcase", CASE_SWAP)
CASE_METHOD(str_title, "str.title", CASE_TITLE)
CASE_METHOD(str_casefold, "str.casefold", CASE_FOLD)

// ---- predicates -----------------------------------------------------------------------------

// True if every character has one of the property bits [mask] (False if empty).
static bool all_props(Str *s, uint32_t mask) {
    if (s->len == 0) return false;
    int64_t off = 0;
    while (off < s->len)
        if (!(uc_props(next_cp(s, &off)) & mask)) return false;
    return true;
}

#define PRED_METHOD(fn, qname, mask)                                                               \
    static Value fn(Value *args, int nargs, Tuple *kwnames) {                                      \
        if (!str_check_noargs(qname, nargs, kwnames)) return VAL_NULL;                             \
        return val_bool(all_props(SELF, mask));                                                    \
    }
PRED_METHOD(str_isdigit, "str.isdigit", UC_DIGIT)
PRED_METHOD(str_isdecimal, "str.isdecimal", UC_DECIMAL)
PRED_METHOD(str_isnumeric, "str.isnumeric", UC_NUMERIC)
PRED_METHOD(str_isalpha, "str.isalpha", UC_ALPHA)
PRED_METHOD(str_isalnum, "str.isalnum", UC_ALPHA | UC_DECIMAL | UC_DIGIT | UC_NUMERIC)
PRED_METHOD(str_isspace, "str.isspace", UC_SPACE)

static Value str_isprintable(Value *args, int nargs, Tuple *kwnames) {
    if (!str_check_noargs("str.isprintable", nargs, kwnames)) return VAL_NULL;
    return val_bool(SELF->len == 0 || all_props(SELF, UC_PRINTABLE));
}

static Value str_isascii(Value *args, int nargs, Tuple *kwnames) {
    if (!str_check_noargs("str.isascii", nargs, kwnames)) return VAL_NULL;
    return val_bool(SELF->ascii);
}

static Value str_islower(Value *args, int nargs, Tuple *kwnames) {
    if (!str_check_noargs("str.islower", nargs, kwnames)) return VAL_NULL;
    Str *s = SELF;
    bool cased = false;
    for (int64_t off = 0; off < s->len;) {
        uint32_t p = uc_props(next_cp(s, &off));
        if (p & (UC_UPPER | UC_TITLE)) return VAL_FALSE;
        if (p & UC_LOWER) cased = true;
    }
    return val_bool(cased);
}

static Value str_isupper(Value *args, int nargs, Tuple *kwnames) {
    if (!str_check_noargs("str.isupper", nargs, kwnames)) return VAL_NULL;
    Str *s = SELF;
    bool cased = false;
    for (int64_t off = 0; off < s->len;) {
        uint32_t p = uc_props(next_cp(s, &off));
        if (p & (UC_LOWER | UC_TITLE)) return VAL_FALSE;
        if (p & UC_UPPER) cased = true;
    }
    return val_bool(cased);
}

static Value str_istitle(Value *args, int nargs, Tuple *kwnames) {
    if (!str_check_noargs("str.istitle", nargs, kwnames)) return VAL_NULL;
    Str *s = SELF;
    bool cased = false, prev = false;
    for (int64_t off = 0; off < s->len;) {
        uint32_t p = uc_props(next_cp(s, &off));
        if (p & (UC_UPPER | UC_TITLE)) {
            if (prev) return VAL_FALSE;
            prev = cased = true;
        } else if (p & UC_LOWER) {
            if (!prev) return VAL_FALSE;
            prev = cased = true;
        } else
            prev = false;
    }
    return val_bool(cased);
}

// True if [s] is a valid identifier.
bool str_is_identifier(Str *s) {
    if (s->len == 0) return false;
    int64_t off = 0;
    uint32_t c = next_cp(s, &off);
    if (c != '_' && !(uc_props(c) & UC_XID_START)) return false;
    while (off < s->len)
        if (!(uc_props(next_cp(s, &off)) & UC_XID_CONTINUE)) return false;
    return true;
}

static Value str_isidentifier(Value *args, int nargs, Tuple *kwnames) {
    if (!str_check_noargs("str.isidentifier", nargs, kwnames)) return VAL_NULL;
    return val_bool(str_is_identifier(SELF));
}

// ---- padding ------------------------------------------------------------------------------

// Fill [n] copies of the [fl]-byte character [fb] at [p].
static void fill_chars(char *p, const char *fb, int fl, int64_t n) {
    if (fl == 1) {
        memset(p, fb[0], (size_t)n);
        return;
    }
    for (int64_t i = 0; i < n; i++) memcpy(p + i * fl, fb, (size_t)fl);
}

// Build [left] fill chars + s + [right] fill chars (NULL with MemoryError
// raised if that is too long).
static Str *pad(Str *s, int64_t left, int64_t right, uint32_t fill) {
    if (left <= 0 && right <= 0) return s;
    if (left < 0) left = 0;
    if (right < 0) right = 0;
    char fb[4];
    int fl = utf8_encode(fill, fb);
    int64_t nfill, total;
    if (__builtin_add_overflow(left, right, &nfill) || __builtin_mul_overflow(nfill, fl, &total) ||
        __builtin_add_overflow(total, s->len, &total)) {
        err_raise((Value)&MemoryErrorType);
        return NULL;
    }
    Str *r = str_alloc_checked(total);
    if (!r) return NULL;
    fill_chars(r->data, fb, fl, left);
    memcpy(r->data + left * fl, s->data, (size_t)s->len);
    fill_chars(r->data + left * fl + s->len, fb, fl, right);
    r->nchars = s->nchars + nfill;
    r->ascii = s->ascii && fl == 1;
    return r;
}

// Parse (width[, fillchar]).
static bool pad_args(const char *fname, Value *args, int nargs, Tuple *kwnames, int64_t *width,
                     uint32_t *fill) {
    if (!str_check_pos(fname, nargs - 1, kwnames, 1, 2)) return false;
    if (!obj_to_index(args[1], width)) return false;
    *fill = ' ';
    if (nargs > 2) {
        if (!val_is(args[2], &StrType)) {
            err_format(&TypeErrorType, "%s() argument 2 must be str, not %s", fname,
                       obj_type_name(args[2]));
            return false;
        }
        Str *f = (Str *)args[2];
        if (f->nchars != 1) {
            err_format(&TypeErrorType, "The fill character must be exactly one character long");
            return false;
        }
        *fill = str_char_at(f, 0);
    }
    return true;
}

static Value str_ljust(Value *args, int nargs, Tuple *kwnames) {
    int64_t w;
    uint32_t f;
    if (!pad_args("ljust", args, nargs, kwnames, &w, &f)) return VAL_NULL;
    return (Value)pad(SELF, 0, w - SELF->nchars, f);
}

static Value str_rjust(Value *args, int nargs, Tuple *kwnames) {
    int64_t w;
    uint32_t f;
    if (!pad_args("rjust", args, nargs, kwnames, &w, &f)) return VAL_NULL;
    return (Value)pad(SELF, w - SELF->nchars, 0, f);
}

static Value str_center(Value *args, int nargs, Tuple *kwnames) {
    int64_t w;
    uint32_t f;
    if (!pad_args("center", args, nargs, kwnames, &w, &f)) return VAL_NULL;
    Str *s = SELF;
    if (s->nchars >= w) return (Value)s;
    int64_t marg = w - s->nchars;
    int64_t left = marg / 2 + (marg & w & 1);
    return (Value)pad(s, left, marg - left, f);
}

static Value str_zfill(Value *args, int nargs, Tuple *kwnames) {
    if (!str_check_onearg("str.zfill", nargs, kwnames)) return VAL_NULL;
    int64_t w;
    if (!obj_to_index(args[1], &w)) return VAL_NULL;
    Str *s = SELF;
    if (s->nchars >= w) return (Value)s;
    int64_t fill = w - s->nchars;
    int64_t total;
    if (__builtin_add_overflow(s->len, fill, &total)) return err_raise((Value)&MemoryErrorType);
    Str *r = str_alloc_checked(total);
    if (!r) return VAL_NULL;
    int64_t start = s->len && (s->data[0] == '+' || s->data[0] == '-');
    if (start) r->data[0] = s->data[0];
    memset(r->data + start, '0', (size_t)fill);
    memcpy(r->data + start + fill, s->data + start, (size_t)(s->len - start));
    r->nchars = w;
    r->ascii = s->ascii;
    return (Value)r;
}

int64_t str_expand_tabs(const uint8_t *src, int64_t len, int64_t tabsize, bool utf8, uint8_t *out,
                        int64_t *nchars) {
    // (tabs expand to at most tabsize < 2**31 spaces each: no overflow)
    int64_t total = 0, col = 0, n = 0;
    for (int64_t off = 0; off < len;) {
        uint8_t c = src[off];
        int64_t k = off + (!utf8 || c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4);
        if (c == '\t') {
            if (tabsize > 0) {
                int64_t incr = tabsize - (col % tabsize);
                if (out) memset(out + total, ' ', (size_t)incr);
                col += incr;
                total += incr;
                n += incr;
            }
        } else {
            if (out) memcpy(out + total, src + off, (size_t)(k - off));
            col++;
            total += k - off;
            n++;
            if (c == '\n' || c == '\r') col = 0;
        }
        off = k;
    }
    *nchars = n;
    return total;
}

bool str_expandtabs_arg(Value *args, int nargs, Tuple *kwnames, int64_t *tabsize) {
    static const char *const names[] = {"tabsize"};
    Value a[1];
    if (!str_parse_args("expandtabs", names, 1, 0, 1, args + 1, nargs - 1, kwnames, a))
        return false;
    *tabsize = 8;
    if (a[0] && !obj_to_index(a[0], tabsize)) return false;
    if (*tabsize > INT32_MAX || *tabsize < INT32_MIN) { // a C int in CPython
        err_format(&OverflowErrorType, "Python int too large to convert to C int");
        return false;
    }
    return true;
}

static Value str_expandtabs(Value *args, int nargs, Tuple *kwnames) {
    int64_t tabsize;
    if (!str_expandtabs_arg(args, nargs, kwnames, &tabsize)) return VAL_NULL;
    Str *s = SELF;
    if (!memchr(s->data, '\t', (size_t)s->len)) return (Value)s;
    int64_t nchars = 0;
    const uint8_t *src = (const uint8_t *)s->data;
    Str *r = str_alloc_checked(str_expand_tabs(src, s->len, tabsize, true, NULL, &nchars));
    if (!r) return VAL_NULL;
    str_expand_tabs(src, s->len, tabsize, true, (uint8_t *)r->data, &nchars);
    r->nchars = nchars;
    r->ascii = s->ascii;
    return (Value)r;
}

static Value str_removeprefix(Value *args, int nargs, Tuple *kwnames) {
    if (!str_check_onearg("str.removeprefix", nargs, kwnames)) return VAL_NULL;
    Str *s = SELF;
    if (!val_is(args[1], &StrType))
        return err_format(&TypeErrorType, "removeprefix() argument must be str, not %s",
                          obj_type_name(args[1]));
    Str *p = (Str *)args[1];
    if (p->len <= s->len && memcmp(s->data, p->data, (size_t)p->len) == 0)
        return (Value)str_bytes_range(s, p->len, s->len);
    return (Value)s;
}

static Value str_removesuffix(Value *args, int nargs, Tuple *kwnames) {
    if (!str_check_onearg("str.removesuffix", nargs, kwnames)) return VAL_NULL;
    Str *s = SELF;
    if (!val_is(args[1], &StrType))
        return err_format(&TypeErrorType, "removesuffix() argument must be str, not %s",
                          obj_type_name(args[1]));
    Str *p = (Str *)args[1];
    if (p->len && p->len <= s->len &&
        memcmp(s->data + s->len - p->len, p->data, (size_t)p->len) == 0)
        return (Value)str_bytes_range(s, 0, s->len - p->len);
    return (Value)s;
}

// ---- encode, format, translate ------------------------------------------------------------------

static Value str_encode(Value *args, int nargs, Tuple *kwnames) {
    static const char *const names[] = {"encoding", "errors"};
    Value a[2];
    if (!str_parse_args("encode", names, 2, 0, 2, args + 1, nargs - 1, kwnames, a)) return VAL_NULL;
    if (a[0] && !val_is(a[0], &StrType))
        return err_format(&TypeErrorType, "encode() argument 'encoding' must be str, not %s",
                          obj_type_name(a[0]));
    if (a[1] && !val_is(a[1], &StrType))
        return err_format(&TypeErrorType, "encode() argument 'errors' must be str, not %s",
                          obj_type_name(a[1]));
    const char *enc = codec_lookup(a[0] ? (Str *)a[0] : str_intern_cstr("utf-8"));
    if (!enc) return VAL_NULL;
    return codec_encode(SELF, enc, a[1] ? (Str *)a[1] : NULL);
}

// str.format / str.format_map: when a user __format__, __str__, property
// ... must run, the call continues as a str.format record (strformat.c).
extern Value str_format_start(Str *fmt, Value *args, int nargs, Tuple *kwnames, Value *rec);
extern Value str_format_map_start(Str *fmt, Value mapping, Value *rec);

static Value str_format(Value *args, int nargs, Tuple *kwnames) {
    Value rec, r = str_format_start(SELF, args + 1, nargs - 1, kwnames, &rec);
    return rec ? rec : r;
}

static Value str_format_map_method(Value *args, int nargs, Tuple *kwnames) {
    if (!str_check_onearg("str.format_map", nargs, kwnames)) return VAL_NULL;
    Value rec, r = str_format_map_start(SELF, args[1], &rec);
    return rec ? rec : r;
}

static Value str_format_dunder(Value *args, int nargs, Tuple *kwnames) {
    if (!str_check_pos("__format__", nargs - 1, kwnames, 1, 1)) return VAL_NULL;
    if (!val_is(args[1], &StrType))
        return err_format(&TypeErrorType, "__format__() argument must be str, not %s",
                          obj_type_name(args[1]));
    return (Value)format_value_spec(args[0], (Str *)args[1]);
}

static Value str_maketrans(Value *args, int nargs, Tuple *kwnames) {
    if (!str_check_pos("maketrans", nargs, kwnames, 1, 3)) return VAL_NULL;
    Dict *d = dict_new();
    if (nargs == 1) {
        if (!val_is(args[0], &DictType))
            return err_format(&TypeErrorType,
                              "if you give only one argument to maketrans it must be a dict");
        int64_t pos = 0;
        Value k, v;
        while (dict_next((Dict *)args[0], &pos, &k, &v)) {
            if (val_is(k, &StrType)) {
                if (((Str *)k)->nchars != 1)
                    return err_format(&ValueErrorType,
                                      "string keys in translate table must be of length 1");
                k = int_from_i64(str_char_at((Str *)k, 0));
            } else if (!val_is_int(k)) {
                return err_format(&TypeErrorType,
                                  "keys in translate table must be strings or integers");
            }
            if (dict_set(d, k, v) < 0) return VAL_NULL;
        }
        return (Value)d;
    }
    Str *x = str_arg(args[0], "maketrans() argument 1");
    if (!x) return VAL_NULL;
    Str *y = str_arg(args[1], "maketrans() argument 2");
    if (!y) return VAL_NULL;
    if (x->nchars != y->nchars)
        return err_format(&ValueErrorType,
                          "the first two maketrans arguments must have equal length");
    uint32_t *xc = str_codepoints(x), *yc = str_codepoints(y);
    for (int64_t i = 0; i < x->nchars; i++)
        if (dict_set(d, int_from_i64(xc[i]), int_from_i64(yc[i])) < 0) return VAL_NULL;
    if (nargs > 2) {
        Str *z = str_arg(args[2], "maketrans() argument 3");
        if (!z) return VAL_NULL;
        uint32_t *zc = str_codepoints(z);
        for (int64_t i = 0; i < z->nchars; i++)
            if (dict_set(d, int_from_i64(zc[i]), VAL_NONE) < 0) return VAL_NULL;
    }
    return (Value)d;
}

static Value str_translate(Value *args, int nargs, Tuple *kwnames) {
    if (!str_check_onearg("str.translate", nargs, kwnames)) return VAL_NULL;
    Str *s = SELF;
    Value table = args[1];
    StrBuf b;
    strbuf_init(&b);
    for (int64_t off = 0; off < s->len;) {
        int64_t k = off;
        uint32_t c = next_cp(s, &k);
        Value key = int_from_i64(c), r;
        if (val_is(table, &DictType)) {
            int f = dict_lookup((Dict *)table, key, &r);
            if (f < 0) return VAL_NULL;
            if (!f) r = VAL_NULL;
        } else {
            r = obj_getitem(table, key);
            if (!r) {
                if (!err_matches(&LookupErrorType)) return VAL_NULL;
                err_clear();
            }
        }
        if (!r)
            strbuf_putn(&b, s->data + off, k - off);
        else if (r == VAL_NONE) {
        } else if (val_is_int(r)) {
            int64_t x = int_value(r);
            if (x < 0 || x > 0x10ffff)
                return err_format(&ValueErrorType, "character mapping must be in range(0x110000)");
            strbuf_put_codepoint(&b, (uint32_t)x);
        } else if (val_is(r, &StrType)) {
            strbuf_putstr(&b, (Str *)r);
        } else {
            return err_format(&TypeErrorType, "character mapping must return integer, None or str");
        }
        off = k;
    }
    return (Value)strbuf_finish(&b);
}

static Value str_getnewargs(Value *args, int nargs, Tuple *kwnames) {
    if (!str_check_noargs("str.__getnewargs__", nargs, kwnames)) return VAL_NULL;
    return (Value)tuple_pack(1, args[0]);
}

static const MethodDef str_methods[] = {
    {"join", str_join, 0, NULL},
    {"split", str_split, 0, NULL},
    {"rsplit", str_rsplit, 0, NULL},
    {"splitlines", str_splitlines, 0, NULL},
    {"strip", str_strip, 0, NULL},
    {"lstrip", str_lstrip, 0, NULL},
    {"rstrip", str_rstrip, 0, NULL},
    {"replace", str_replace, 0, NULL},
    {"find", str_find, 0, NULL},
    {"rfind", str_rfind, 0, NULL},
    {"index", str_index, 0, NULL},
    {"rindex", str_rindex, 0, NULL},
    {"count", str_count, 0, NULL},
    {"startswith", str_startswith, 0, NULL},
    {"endswith", str_endswith, 0, NULL},
    {"upper", str_upper, 0, NULL},
    {"lower", str_lower, 0, NULL},
    {"capitalize", str_capitalize, 0, NULL},
    {"title", str_title, 0, NULL},
    {"swapcase", str_swapcase, 0, NULL},
    {"casefold", str_casefold, 0, NULL},
    {"isdigit", str_isdigit, 0, NULL},
    {"isdecimal", str_isdecimal, 0, NULL},
    {"isnumeric", str_isnumeric, 0, NULL},
    {"isalpha", str_isalpha, 0, NULL},
    {"isalnum", str_isalnum, 0, NULL},
    {"isspace", str_isspace, 0, NULL},
    {"isupper", str_isupper, 0, NULL},
    {"islower", str_islower, 0, NULL},
    {"istitle", str_istitle, 0, NULL},
    {"isidentifier", str_isidentifier, 0, NULL},
    {"isprintable", str_isprintable, 0, NULL},
    {"isascii", str_isascii, 0, NULL},
    {"center", str_center, 0, NULL},
    {"ljust", str_ljust, 0, NULL},
    {"rjust", str_rjust, 0, NULL},
    {"zfill", str_zfill, 0, NULL},
    {"partition", str_partition, 0, NULL},
    {"rpartition", str_rpartition, 0, NULL},
    {"format", str_format, 0, NULL},
    {"format_map", str_format_map_method, 0, NULL},
    {"__format__", str_format_dunder, 0, NULL},
    {"encode", str_encode, 0, NULL},
    {"expandtabs", str_expandtabs, 0, NULL},
    {"removeprefix", str_removeprefix, 0, NULL},
    {"removesuffix", str_removesuffix, 0, NULL},
    {"translate", str_translate, 0, NULL},
    {"maketrans", str_maketrans, METH_STATIC, NULL},
    {"__getnewargs__", str_getnewargs, 0, NULL},
    {NULL, NULL, 0, NULL},
};

Type StrType = {
    .obj = {&TypeType},
    .name = "str",
    .flags = TF_BASETYPE,
    .inst_size = sizeof(Str),
    .tp_new = str_new_slot,
    .tp_repr = str_repr_slot,
    .tp_str = str_str_slot,
    .tp_hash = str_hash_slot,
    .tp_compare = str_compare,
    .tp_binop = str_binop,
    .tp_bool = str_bool,
    .tp_len = str_len_slot,
    .tp_iter = str_iter,
    .tp_getitem = str_getitem,
    .tp_contains = str_contains,
};

void str_init(void) {
    type_add_methods(&StrType, str_methods);
    strnum_add_dunders(&StrType, DW_SEQ_OPS | DW_COMPARE | DW_OBJECT | DW_SEQ);
    type_ready(&StrIterType);
    bytes_init();
    extern HelperDef str_mod_helper, str_format_helper;
    helper_register(&str_mod_helper);
    helper_register(&str_format_helper);
}

// ---- special-method wrappers for the builtin types of this module ----------------------

static Value wrap_binop(const char *name, BinOp op, bool reflected, Value *args, int nargs,
                        Tuple *kwnames) {
    if (!str_check_pos(name, nargs - 1, kwnames, 1, 1)) return VAL_NULL;
    Type *t = val_type(args[0]);
    if (!t->tp_binop) return VAL_NOTIMPL;
    // int's own methods only take ints (float's take ints too).
    if (val_is_int(args[0]) && !val_is_int(args[1])) return VAL_NOTIMPL;
    if (t == &StrType || t == &BytesType) {
        // Sequence methods raise instead of returning NotImplemented.
        if (op == BINOP_MUL && !val_is_int(args[1]) && !val_type(args[1])->dunders[DUNDER_INDEX])
            return err_format(&TypeErrorType, "'%s' object cannot be interpreted as an integer",
                              obj_type_name(args[1]));
        if (op == BINOP_ADD && !val_is(args[1], t)) {
            if (t == &StrType)
                return err_format(&TypeErrorType, "can only concatenate str (not \"%s\") to str",
                                  obj_type_name(args[1]));
            return err_format(&TypeErrorType, "can't concat %s to bytes", obj_type_name(args[1]));
        }
    }
    return reflected ? t->tp_binop(op, args[1], args[0]) : t->tp_binop(op, args[0], args[1]);
}

#define BINOP_WRAPPERS(X)                                                                          \
    X(add, ADD)                                                                                    \
    X(sub, SUB)                                                                                    \
    X(mul, MUL)                                                                                    \
    X(truediv, TRUEDIV)                                                                            \
    X(floordiv, FLOORDIV)                                                                          \
    X(mod, MOD)                                                                                    \
    X(pow, POW)                                                                                    \
    X(lshift, LSHIFT)                                                                              \
    X(rshift, RSHIFT)                                                                              \
    X(and, AND)                                                                                    \
    X(or, OR)                                                                                      \
    X(xor, XOR)

#define X(n, OP)                                                                                   \
    static Value wrap_##n(Value *args, int nargs, Tuple *kwnames) {                                \
        return wrap_binop("__" #n "__", BINOP_##OP, false, args, nargs, kwnames);                  \
    }                                                                                              \
    static Value wrap_r##n(Value *args, int nargs, Tuple *kwnames) {                               \
        return wrap_binop("__r" #n "__", BINOP_##OP, true, args, nargs, kwnames);                  \
    }
BINOP_WRAPPERS(X)
#undef X

static Value wrap_compare(const char *name, CmpOp op, Value *args, int nargs, Tuple *kwnames) {
    if (!str_check_pos(name, nargs - 1, kwnames, 1, 1)) return VAL_NULL;
    Type *t = val_type(args[0]);
    if (!t->tp_compare) return VAL_NOTIMPL;
    if (val_is_int(args[0]) && !val_is_int(args[1])) return VAL_NOTIMPL;
    return t->tp_compare(args[0], args[1], op);
}

#define CMP_WRAPPERS(X) X(lt, LT) X(le, LE) X(eq, EQ) X(ne, NE) X(gt, GT) X(ge, GE)
#define X(n, OP)                                                                                   \
    static Value wrap_##n(Value *args, int nargs, Tuple *kwnames) {                                \
        return wrap_compare("__" #n "__", CMP_##OP, args, nargs, kwnames);                         \
    }
CMP_WRAPPERS(X)
#undef X

static Value wrap_unop(const char *qname, UnOp op, Value *args, int nargs, Tuple *kwnames) {
    char buf[64];
    snprintf(buf, sizeof buf, "%s.%s", val_type(args[0])->name, qname);
    if (!str_check_noargs(buf, nargs, kwnames)) return VAL_NULL;
    return val_type(args[0])->tp_unop(op, args[0]);
}

static Value wrap_neg(Value *args, int nargs, Tuple *kwnames) {
    return wrap_unop("__neg__", UNOP_NEG, args, nargs, kwnames);
}
static Value wrap_pos(Value *args, int nargs, Tuple *kwnames) {
    return wrap_unop("__pos__", UNOP_POS, args, nargs, kwnames);
}
static Value wrap_invert(Value *args, int nargs, Tuple *kwnames) {
    return wrap_unop("__invert__", UNOP_INVERT, args, nargs, kwnames);
}

// Check a no-argument wrapper call, naming "type.method".
static bool wrap_noargs(const char *name, Value *args, int nargs, Tuple *kwnames) {
    char buf[64];
    snprintf(buf, sizeof buf, "%s.%s", val_type(args[0])->name, name);
    return str_check_noargs(buf, nargs, kwnames);
}

static Value wrap_hash(Value *args, int nargs, Tuple *kwnames) {
    if (!wrap_noargs("__hash__", args, nargs, kwnames)) return VAL_NULL;
    int64_t h = val_type(args[0])->tp_hash(args[0]);
    return h == -1 ? VAL_NULL : int_from_i64(h);
}

static Value wrap_repr(Value *args, int nargs, Tuple *kwnames) {
    if (!wrap_noargs("__repr__", args, nargs, kwnames)) return VAL_NULL;
    return val_type(args[0])->tp_repr(args[0]);
}

static Value wrap_str(Value *args, int nargs, Tuple *kwnames) {
    if (!wrap_noargs("__str__", args, nargs, kwnames)) return VAL_NULL;
    Type *t = val_type(args[0]);
    return t->tp_str ? t->tp_str(args[0]) : t->tp_repr(args[0]);
}

static Value wrap_bool(Value *args, int nargs, Tuple *kwnames) {
    if (!wrap_noargs("__bool__", args, nargs, kwnames)) return VAL_NULL;
    int r = val_type(args[0])->tp_bool(args[0]);
    return r < 0 ? VAL_NULL : val_bool(r);
}

static Value wrap_len(Value *args, int nargs, Tuple *kwnames) {
    if (!wrap_noargs("__len__", args, nargs, kwnames)) return VAL_NULL;
    int64_t n = val_type(args[0])->tp_len(args[0]);
    return n < 0 ? VAL_NULL : int_from_i64(n);
}

static Value wrap_getitem(Value *args, int nargs, Tuple *kwnames) {
    char buf[64];
    snprintf(buf, sizeof buf, "%s.__getitem__", val_type(args[0])->name);
    if (!str_check_onearg(buf, nargs, kwnames)) return VAL_NULL;
    return val_type(args[0])->tp_getitem(args[0], args[1]);
}

static Value wrap_contains(Value *args, int nargs, Tuple *kwnames) {
    char buf[64];
    snprintf(buf, sizeof buf, "%s.__contains__", val_type(args[0])->name);
    if (!str_check_onearg(buf, nargs, kwnames)) return VAL_NULL;
    int r = val_type(args[0])->tp_contains(args[0], args[1]);
    return r < 0 ? VAL_NULL : val_bool(r);
}

static Value wrap_iter(Value *args, int nargs, Tuple *kwnames) {
    if (!wrap_noargs("__iter__", args, nargs, kwnames)) return VAL_NULL;
    return val_type(args[0])->tp_iter(args[0]);
}

void strnum_add_dunders(Type *t, unsigned mask) {
    static const MethodDef arith[] = {
        {"__add__", wrap_add, 0, NULL},
        {"__radd__", wrap_radd, 0, NULL},
        {"__sub__", wrap_sub, 0, NULL},
        {"__rsub__", wrap_rsub, 0, NULL},
        {"__mul__", wrap_mul, 0, NULL},
        {"__rmul__", wrap_rmul, 0, NULL},
        {"__truediv__", wrap_truediv, 0, NULL},
        {"__rtruediv__", wrap_rtruediv, 0, NULL},
        {"__floordiv__", wrap_floordiv, 0, NULL},
        {"__rfloordiv__", wrap_rfloordiv, 0, NULL},
        {"__mod__", wrap_mod, 0, NULL},
        {"__rmod__", wrap_rmod, 0, NULL},
        {"__pow__", wrap_pow, 0, NULL},
        {"__rpow__", wrap_rpow, 0, NULL},
        {NULL, NULL, 0, NULL},
    };
    static const MethodDef bits[] = {
        {"__lshift__", wrap_lshift, 0, NULL},
        {"__rlshift__", wrap_rlshift, 0, NULL},
        {"__rshift__", wrap_rshift, 0, NULL},
        {"__rrshift__", wrap_rrshift, 0, NULL},
        {"__and__", wrap_and, 0, NULL},
        {"__rand__", wrap_rand, 0, NULL},
        {"__or__", wrap_or, 0, NULL},
        {"__ror__", wrap_ror, 0, NULL},
        {"__xor__", wrap_xor, 0, NULL},
        {"__rxor__", wrap_rxor, 0, NULL},
        {NULL, NULL, 0, NULL},
    };
    static const MethodDef seq_ops[] = {
        {"__add__", wrap_add, 0, NULL},   {"__mul__", wrap_mul, 0, NULL},
        {"__rmul__", wrap_rmul, 0, NULL}, {"__mod__", wrap_mod, 0, NULL},
        {"__rmod__", wrap_rmod, 0, NULL}, {NULL, NULL, 0, NULL},
    };
    static const MethodDef unary[] = {
        {"__neg__", wrap_neg, 0, NULL},
        {"__pos__", wrap_pos, 0, NULL},
        {NULL, NULL, 0, NULL},
    };
    static const MethodDef invert[] = {{"__invert__", wrap_invert, 0, NULL}, {NULL, NULL, 0, NULL}};
    static const MethodDef compare[] = {
        {"__lt__", wrap_lt, 0, NULL}, {"__le__", wrap_le, 0, NULL}, {"__eq__", wrap_eq, 0, NULL},
        {"__ne__", wrap_ne, 0, NULL}, {"__gt__", wrap_gt, 0, NULL}, {"__ge__", wrap_ge, 0, NULL},
        {NULL, NULL, 0, NULL},
    };
    static const MethodDef object[] = {
        {"__hash__", wrap_hash, 0, NULL},
        {"__repr__", wrap_repr, 0, NULL},
        {"__str__", wrap_str, 0, NULL},
        {NULL, NULL, 0, NULL},
    };
    static const MethodDef boolm[] = {{"__bool__", wrap_bool, 0, NULL}, {NULL, NULL, 0, NULL}};
    static const MethodDef seq[] = {
        {"__len__", wrap_len, 0, NULL},
        {"__getitem__", wrap_getitem, 0, NULL},
        {"__contains__", wrap_contains, 0, NULL},
        {"__iter__", wrap_iter, 0, NULL},
        {NULL, NULL, 0, NULL},
    };
    if (mask & DW_ARITH) type_add_methods(t, arith);
    if (mask & DW_BITS) type_add_methods(t, bits);
    if (mask & DW_SEQ_OPS) type_add_methods(t, seq_ops);
    if (mask & DW_UNARY) type_add_methods(t, unary);
    if (mask & DW_INVERT) type_add_methods(t, invert);
    if (mask & DW_COMPARE) type_add_methods(t, compare);
    if (mask & DW_OBJECT) type_add_methods(t, object);
    if (mask & DW_BOOL) type_add_methods(t, boolm);
    if (mask & DW_SEQ) type_add_methods(t, seq);
}

void strnum_add_getter(Type *t, const char *name, NativeFn fn) {
    char buf[128];
    snprintf(buf, sizeof buf, "%s.%s", t->name, name);
    char *qn = gc_alloc_atomic(strlen(buf) + 1);
    strcpy(qn, buf);
    Property *p = (Property *)obj_alloc(&PropertyType, sizeof(Property));
    p->fget = builtin_new(qn, fn);
    p->fset = p->fdel = p->doc = VAL_NONE;
    type_set_attr_cstr(t, name, (Value)p);
}
