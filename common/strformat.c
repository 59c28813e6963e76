// strformat.c — string formatting with CPython 3.11's exact behaviour: the
// format-spec mini-language for int/bool/float/str (format(), f-strings,
// str.format), CPython's float-to-string rules (PyOS_double_to_string),
// printf-style `%` formatting of strs, and str.format / str.format_map
// (their calls into Python code replayed by the helpers str.__mod__ and
// str.format, see Replay).
#include "containers.h"
#include "err.h"
#include "func.h"
#include "helper.h"
#include "num.h"
#include "ops.h"
#include "str.h"
#include "str_impl.h"
#include "type.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

// A list, tuple, dict or set (their repr may be continued as a record, vmops.c).
extern bool vmops_is_repr_container(Value v);

// ---- CPython's double-to-string (PyOS_double_to_string) -----------------------------

enum {
    DTSF_SIGN = 1,      // always add a sign
    DTSF_ADD_DOT_0 = 2, // add ".0" to integral results without exponent
    DTSF_ALT = 4,       // alternate form ('#')
    DTSF_NO_NEG_0 = 8,  // 'z': negative zero becomes zero
};

// Digits as _Py_dg_dtoa returns them: mode 0 shortest, mode 2 at most
// [ndigits] significant digits, mode 3 [ndigits] digits after the point.
// Trailing zeros are stripped; a result rounding to zero is "" with
// decpt = -ndigits (mode 3). [d] is finite; the sign is ignored.
static char *dtoa_digits(double d, int mode, int ndigits, int *decpt, int *len) {
    d = fabs(d);
    // A double's exact decimal expansion has at most 767 significant digits
    // and ends at most 1074 digits after the point: more digits are zeros,
    // which are stripped anyway (and a nonzero double never rounds to zero).
    if (ndigits > 1100) ndigits = 1100;
    if (d == 0) {
        char *r = gc_alloc_atomic(2);
        r[0] = '0';
        r[1] = '\0';
        *decpt = 1;
        *len = 1;
        return r;
    }
    if (mode == 0) {
        char *r = gc_alloc_atomic(24);
        float_shortest(d, r, len, decpt);
        return r;
    }
    if (mode == 2) {
        if (ndigits < 1) ndigits = 1;
        int n = snprintf(NULL, 0, "%.*e", ndigits - 1, d);
        char *buf = gc_alloc_atomic((size_t)n + 1);
        snprintf(buf, (size_t)n + 1, "%.*e", ndigits - 1, d);
        char *r = gc_alloc_atomic((size_t)n + 1);
        int k = 0;
        char *p = buf;
        for (; *p && *p != 'e'; p++)
            if (*p >= '0' && *p <= '9') r[k++] = *p;
        int e = atoi(p + 1);
        while (k > 1 && r[k - 1] == '0') k--;
        r[k] = '\0';
        *len = k;
        *decpt = e + 1;
        return r;
    }
    // mode 3
    int n = snprintf(NULL, 0, "%.*f", ndigits, d);
    char *buf = gc_alloc_atomic((size_t)n + 1);
    snprintf(buf, (size_t)n + 1, "%.*f", ndigits, d);
    char *r = gc_alloc_atomic((size_t)n + 1);
    int k = 0, intdigits = 0;
    bool seen_dot = false, leading = true;
    int lead_zeros_after_dot = 0;
    for (char *p = buf; *p; p++) {
        if (*p == '.') {
            seen_dot = true;
            continue;
        }
        if (leading && *p == '0') {
            if (seen_dot) lead_zeros_after_dot++;
            continue;
        }
        leading = false;
        r[k++] = *p;
        if (!seen_dot) intdigits++;
    }
    if (k == 0) {
        r[0] = '\0';
        *len = 0;
        *decpt = -ndigits;
        return r;
    }
    *decpt = intdigits > 0 ? intdigits : -lead_zeros_after_dot;
    while (k > 0 && r[k - 1] == '0') k--;
    r[k] = '\0';
    *len = k;
    return r;
}

// Append [n] zeros (none if n <= 0).
static void put_zeros(StrBuf *b, int64_t n) {
    static const char zeros[64] =
        "0000000000000000000000000000000000000000000000000000000000000000";
    while (n > 0) {
        int64_t k = n < 64 ? n : 64;
        strbuf_putn(b, zeros, k);
        n -= k;
    }
}

// PyOS_double_to_string(val, format_code, precision, flags) into [b];
// false with MemoryError raised if the result is too long to allocate.
static bool double_to_string(StrBuf *b, double d, char code, int precision, int flags) {
    // The result has about precision + |decpt| (< 330) characters.
    if (precision > 0 && !gc_size_ok((uint64_t)precision + 400)) return false;
    bool upper = false;
    switch (code) {
    case 'E': upper = true, code = 'e'; break;
    case 'F': upper = true, code = 'f'; break;
    case 'G': upper = true, code = 'g'; break;
    default: break;
    }
    int mode;
    switch (code) {
    case 'e':
        mode = 2;
        // INT32_MAX wraps to INT32_MIN as in CPython (1.5 formats as "2e+00").
        precision = (int)(int64_t)(int32_t)((uint32_t)precision + 1u);
        break;
    case 'f': mode = 3; break;
    case 'g':
        mode = 2;
        if (precision == 0) precision = 1;
        break;
    default: // 'r'
        mode = 0;
        break;
    }
    bool sign = signbit(d) != 0;
    if (isnan(d) || isinf(d)) {
        if (isnan(d)) sign = false;
        if (sign)
            strbuf_putc(b, '-');
        else if (flags & DTSF_SIGN)
            strbuf_putc(b, '+');
        const char *s = isnan(d) ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf");
        strbuf_puts(b, s);
        return true;
    }
    int decpt, dlen;
    char *digits = dtoa_digits(d, mode, precision, &decpt, &dlen);
    if ((flags & DTSF_NO_NEG_0) && sign && (dlen == 0 || (dlen == 1 && digits[0] == '0')))
        sign = false;
    if (sign)
        strbuf_putc(b, '-');
    else if (flags & DTSF_SIGN)
        strbuf_putc(b, '+');
    bool add_dot_0 = (flags & DTSF_ADD_DOT_0) != 0, alt = (flags & DTSF_ALT) != 0;
    int64_t vend = dlen;
    bool use_exp = false;
    switch (code) {
    case 'e':
        use_exp = true;
        vend = precision;
        break;
    case 'f': vend = (int64_t)decpt + precision; break;
    case 'g':
        if (decpt <= -4 || decpt > (add_dot_0 ? precision - 1 : precision)) use_exp = true;
        if (alt) vend = precision;
        break;
    default:
        if (decpt <= -4 || decpt > 16) use_exp = true;
        break;
    }
    int exp = 0;
    if (use_exp) {
        exp = decpt - 1;
        decpt = 1;
    }
    int64_t vstart = decpt <= 0 ? decpt - 1 : 0;
    if (!use_exp && add_dot_0)
        vend = vend > decpt ? vend : decpt + 1;
    else
        vend = vend > decpt ? vend : decpt;
    int64_t start_len = b->len;
    if (decpt <= 0) {
        put_zeros(b, decpt - vstart);
        strbuf_putc(b, '.');
        put_zeros(b, -decpt);
    } else {
        put_zeros(b, -vstart);
    }
    if (0 < decpt && decpt <= dlen) {
        strbuf_putn(b, digits, decpt);
        strbuf_putc(b, '.');
        strbuf_putn(b, digits + decpt, dlen - decpt);
    } else {
        strbuf_putn(b, digits, dlen);
    }
    if (dlen < decpt) {
        put_zeros(b, decpt - dlen);
        strbuf_putc(b, '.');
        put_zeros(b, vend - decpt);
    } else {
        put_zeros(b, vend - dlen);
    }
    if (b->len > start_len && b->data[b->len - 1] == '.' && !alt) b->len--;
    if (use_exp) {
        strbuf_putc(b, upper ? 'E' : 'e');
        strbuf_printf(b, "%c%02d", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
    }
    if (upper)
        for (int64_t i = start_len; i < b->len; i++)
            if (b->data[i] >= 'a' && b->data[i] <= 'z') b->data[i] = (char)(b->data[i] - 32);
    return true;
}

// ---- the format-spec mini-language ---------------------------------------------------------

typedef struct {
    uint32_t fill;
    char align;
    char sign;
    bool no_neg_0;
    bool alternate;
    char thousands; // '\0', ',', '_', or '4' (underscore every four digits)
    int64_t width;
    int64_t precision;
    uint32_t type;
} FormatSpec;

// Read decimal digits (Unicode decimals too) from cps[*pos..end): the
// number of digits consumed, or -1 with an error on overflow.
static int get_integer(const uint32_t *cps, int64_t *pos, int64_t end, int64_t *out) {
    int64_t acc = 0;
    int n = 0;
    for (; *pos < end; (*pos)++) {
        int d = uc_decimal(cps[*pos]);
        if (d < 0) break;
        if (acc > (INT64_MAX - d) / 10) {
            err_format(&ValueErrorType, "Too many decimal digits in format string");
            return -1;
        }
        acc = acc * 10 + d;
        n++;
    }
    *out = acc;
    return n;
}

static bool is_align(uint32_t c) {
    return c == '<' || c == '>' || c == '=' || c == '^';
}

static Value invalid_thousands(char sep, uint32_t type) {
    char s = sep == '4' ? '_' : sep;
    if (type > 32 && type < 128)
        return err_format(&ValueErrorType, "Cannot specify '%c' with '%c'.", s, (int)type);
    return err_format(&ValueErrorType, "Cannot specify '%c' with '\\x%x'.", s, (unsigned)type);
}

static Value unknown_type(uint32_t type, const char *tname) {
    if (type > 32 && type < 128)
        return err_format(&ValueErrorType, "Unknown format code '%c' for object of type '%s'",
                          (int)type, tname);
    return err_format(&ValueErrorType, "Unknown format code '\\x%x' for object of type '%s'",
                      (unsigned)type, tname);
}

// parse_internal_render_format_spec.
static bool parse_spec(Str *spec, uint32_t default_type, char default_align, const char *tname,
                       FormatSpec *f) {
    const uint32_t *cps;
    uint32_t small[64];
    if (spec->ascii && spec->len <= 64) {
        for (int64_t i = 0; i < spec->len; i++) small[i] = (unsigned char)spec->data[i];
        cps = small;
    } else {
        uint32_t *c = gc_alloc_atomic(sizeof(uint32_t) * (size_t)(spec->nchars + 1));
        int64_t off = 0;
        for (int64_t i = 0; i < spec->nchars; i++) {
            int n;
            c[i] = utf8_decode((const unsigned char *)spec->data + off, &n);
            off += n;
        }
        cps = c;
    }
    int64_t pos = 0, end = spec->nchars;
    f->fill = ' ';
    f->align = default_align;
    f->alternate = false;
    f->no_neg_0 = false;
    f->sign = '\0';
    f->width = -1;
    f->thousands = '\0';
    f->precision = -1;
    f->type = default_type;
    bool fill_given = false, align_given = false;
    if (end - pos >= 2 && is_align(cps[pos + 1])) {
        f->align = (char)cps[pos + 1];
        f->fill = cps[pos];
        fill_given = align_given = true;
        pos += 2;
    } else if (end - pos >= 1 && is_align(cps[pos])) {
        f->align = (char)cps[pos];
        align_given = true;
        pos++;
    }
    if (end - pos >= 1 && (cps[pos] == '+' || cps[pos] == '-' || cps[pos] == ' ')) {
        f->sign = (char)cps[pos];
        pos++;
    }
    if (end - pos >= 1 && cps[pos] == 'z') {
        f->no_neg_0 = true;
        pos++;
    }
    if (end - pos >= 1 && cps[pos] == '#') {
        f->alternate = true;
        pos++;
    }
    if (!fill_given && end - pos >= 1 && cps[pos] == '0') {
        f->fill = '0';
        if (!align_given && default_align == '>') f->align = '=';
        pos++;
    }
    int consumed = get_integer(cps, &pos, end, &f->width);
    if (consumed < 0) return false;
    if (consumed == 0) f->width = -1;
    if (end - pos && cps[pos] == ',') {
        f->thousands = ',';
        pos++;
    }
    if (end - pos && cps[pos] == '_') {
        if (f->thousands) {
            err_format(&ValueErrorType, "Cannot specify both ',' and '_'.");
            return false;
        }
        f->thousands = '_';
        pos++;
    }
    if (end - pos && cps[pos] == ',' && f->thousands == '_') {
        err_format(&ValueErrorType, "Cannot specify both ',' and '_'.");
        return false;
    }
    if (end - pos && cps[pos] == '.') {
        pos++;
        consumed = get_integer(cps, &pos, end, &f->precision);
        if (consumed < 0) return false;
        if (consumed == 0) {
            err_format(&ValueErrorType, "Format specifier missing precision");
            return false;
        }
    }
    if (end - pos > 1) {
        err_format(&ValueErrorType, "Invalid format specifier '%S' for object of type '%s'", spec,
                   tname);
        return false;
    }
    if (end - pos == 1) f->type = cps[pos++];
    if (f->thousands) {
        switch (f->type) {
        case 'd':
        case 'e':
        case 'f':
        case 'g':
        case 'E':
        case 'G':
        case '%':
        case 'F':
        case '\0': break;
        case 'b':
        case 'o':
        case 'x':
        case 'X':
            if (f->thousands == '_') {
                f->thousands = '4';
                break;
            }
            invalid_thousands(f->thousands, f->type);
            return false;
        default: invalid_thousands(f->thousands, f->type); return false;
        }
    }
    return true;
}

// Append [n] copies of code point [c] (a block at a time).
static void put_fill(StrBuf *b, uint32_t c, int64_t n) {
    if (n <= 0) return;
    char unit[4], block[256];
    int ul = utf8_encode(c, unit);
    int per = (int)sizeof block / ul;
    for (int i = 0; i < per; i++) memcpy(block + i * ul, unit, (size_t)ul);
    while (n > 0) {
        int64_t k = n < per ? n : per;
        strbuf_putn(b, block, k * ul);
        n -= k;
    }
}

// Check that a result of [width] fill characters [c] can be allocated
// (MemoryError, as CPython's allocation of the padded result fails).
static bool width_ok(int64_t width, uint32_t c) {
    if (width <= 0) return true;
    char unit[4];
    uint64_t bytes = (uint64_t)width * (uint64_t)utf8_encode(c, unit);
    return gc_size_ok(bytes);
}

// _PyUnicode_InsertThousandsGrouping: group [n] ASCII digits with [sep]
// every [group] digits (group 0: no grouping), padding with zeros to at
// least [min_width] characters. Appends to [out].
static void group_digits(StrBuf *out, const char *digits, int64_t n, int64_t min_width, char sep,
                         int group) {
    StrBuf r; // built reversed
    strbuf_init(&r);
    int64_t remaining = n, dpos = n;
    bool use_sep = false, broken = false;
    if (group > 0) {
        for (;;) {
            int64_t l = group;
            int64_t m = remaining > min_width ? remaining : min_width;
            if (m < 1) m = 1;
            if (l > m) l = m;
            int64_t zeros = l - remaining > 0 ? l - remaining : 0;
            int64_t chars = remaining < l ? remaining : l;
            if (chars < 0) chars = 0;
            if (use_sep) strbuf_putc(&r, sep);
            for (int64_t i = 0; i < chars; i++) strbuf_putc(&r, digits[--dpos]);
            for (int64_t i = 0; i < zeros; i++) strbuf_putc(&r, '0');
            use_sep = true;
            remaining -= chars;
            min_width -= l;
            if (remaining <= 0 && min_width <= 0) {
                broken = true;
                break;
            }
            min_width -= 1;
        }
    }
    if (!broken) {
        int64_t l = remaining > min_width ? remaining : min_width;
        if (l < 1) l = 1;
        int64_t zeros = l - remaining > 0 ? l - remaining : 0;
        int64_t chars = remaining < l ? remaining : l;
        if (chars < 0) chars = 0;
        if (use_sep) strbuf_putc(&r, sep);
        for (int64_t i = 0; i < chars; i++) strbuf_putc(&r, digits[--dpos]);
        for (int64_t i = 0; i < zeros; i++) strbuf_putc(&r, '0');
    }
    for (int64_t i = r.len - 1; i >= 0; i--) strbuf_putc(out, r.data[i]);
}

// calc_number_widths + fill_number: lay out a number made of [sign_char]
// ('-' or 0), [prefix], [digits] (ASCII), then [rest] (decimal point,
// fraction, exponent, '%'), with [has_decimal] telling whether rest
// starts with the decimal point.
static Str *fill_number(const FormatSpec *f, char sign_char, const char *prefix, int64_t nprefix,
                        const char *digits, int64_t ndigits, const char *rest, int64_t nrest,
                        bool rest_counts_as_remainder_only, bool upper) {
    (void)rest_counts_as_remainder_only;
    if (!width_ok(f->width, f->fill)) return NULL;
    char sign = 0;
    switch (f->sign) {
    case '+': sign = sign_char == '-' ? '-' : '+'; break;
    case ' ': sign = sign_char == '-' ? '-' : ' '; break;
    default:
        if (sign_char == '-') sign = '-';
        break;
    }
    int64_t nsign = sign ? 1 : 0;
    int64_t rest_chars = 0; // 'c' may put a non-ASCII character in rest
    for (int64_t i = 0; i < nrest; i++)
        if (((unsigned char)rest[i] & 0xc0) != 0x80) rest_chars++;
    int64_t non_digit = nsign + nprefix + rest_chars;
    int64_t min_width = (f->fill == '0' && f->align == '=') ? f->width - non_digit : 0;
    StrBuf g;
    strbuf_init(&g);
    if (ndigits > 0) {
        char sep = 0;
        int group = 0;
        if (f->thousands == ',')
            sep = ',', group = 3;
        else if (f->thousands == '_')
            sep = '_', group = 3;
        else if (f->thousands == '4')
            sep = '_', group = 4;
        group_digits(&g, digits, ndigits, min_width, sep, group);
    }
    if (upper)
        for (int64_t i = 0; i < g.len; i++)
            if (g.data[i] >= 'a' && g.data[i] <= 'z') g.data[i] = (char)(g.data[i] - 32);
    int64_t padding = f->width - (non_digit + g.len);
    int64_t lpad = 0, spad = 0, rpad = 0;
    if (padding > 0) {
        switch (f->align) {
        case '<': rpad = padding; break;
        case '^':
            lpad = padding / 2;
            rpad = padding - lpad;
            break;
        case '=': spad = padding; break;
        default: lpad = padding; break;
        }
    }
    StrBuf b;
    strbuf_init(&b);
    put_fill(&b, f->fill, lpad);
    if (sign) strbuf_putc(&b, sign);
    for (int64_t i = 0; i < nprefix; i++)
        strbuf_putc(&b, upper && prefix[i] >= 'a' && prefix[i] <= 'z' ? (char)(prefix[i] - 32)
                                                                      : prefix[i]);
    put_fill(&b, f->fill, spad);
    strbuf_putn(&b, g.data, g.len);
    strbuf_putn(&b, rest, nrest);
    put_fill(&b, f->fill, rpad);
    return strbuf_finish(&b);
}

// Digits of |v| in [base] (lowercase), into buf (66 bytes); returns length.
static int u64_digits(uint64_t u, int base, char *buf) {
    char tmp[66];
    int n = 0;
    do {
        tmp[n++] = "0123456789abcdef"[u % (uint64_t)base];
        u /= (uint64_t)base;
    } while (u);
    for (int i = 0; i < n; i++) buf[i] = tmp[n - 1 - i];
    buf[n] = '\0';
    return n;
}

static Str *format_float_spec(double d, FormatSpec *f, const char *tname);

// format_long_internal.
static Str *format_int_spec(int64_t v, FormatSpec *f, const char *tname) {
    if (f->precision != -1) {
        err_format(&ValueErrorType, "Precision not allowed in integer format specifier");
        return NULL;
    }
    if (f->no_neg_0) {
        err_format(&ValueErrorType,
                   "Negative zero coercion (z) not allowed in integer format specifier");
        return NULL;
    }
    if (f->type == 'c') {
        if (f->sign) {
            err_format(&ValueErrorType, "Sign not allowed with integer format specifier 'c'");
            return NULL;
        }
        if (f->alternate) {
            err_format(&ValueErrorType,
                       "Alternate form (#) not allowed with integer format specifier 'c'");
            return NULL;
        }
        if (v < 0 || v > 0x10ffff) {
            err_format(&OverflowErrorType, "%%c arg not in range(0x110000)");
            return NULL;
        }
        char cb[4];
        int cn = utf8_encode((uint32_t)v, cb);
        return fill_number(f, 0, "", 0, "", 0, cb, cn, true, false);
    }
    int base = 10;
    const char *prefix = "";
    switch (f->type) {
    case 'b': base = 2, prefix = "0b"; break;
    case 'o': base = 8, prefix = "0o"; break;
    case 'x':
    case 'X': base = 16, prefix = "0x"; break;
    default: break;
    }
    char digits[70];
    uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;
    int n = u64_digits(u, base, digits);
    int nprefix = f->alternate && base != 10 ? 2 : 0;
    return fill_number(f, v < 0 ? '-' : 0, prefix, nprefix, digits, n, "", 0, false,
                       f->type == 'X');
}

Str *int_format(int64_t v, Str *spec) {
    FormatSpec f;
    if (!parse_spec(spec, 'd', '>', "int", &f)) return NULL;
    switch (f.type) {
    case 'b':
    case 'c':
    case 'd':
    case 'o':
    case 'x':
    case 'X':
    case 'n': return format_int_spec(v, &f, "int");
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G':
    case '%': return format_float_spec((double)v, &f, "int");
    default: unknown_type(f.type, "int"); return NULL;
    }
}

// format_float_internal.
static Str *format_float_spec(double d, FormatSpec *f, const char *tname) {
    int flags = 0;
    if (f->alternate) flags |= DTSF_ALT;
    if (f->no_neg_0) flags |= DTSF_NO_NEG_0;
    char type = (char)f->type;
    int default_precision = 6;
    if (type == '\0') {
        flags |= DTSF_ADD_DOT_0;
        type = 'r';
        default_precision = 0;
    }
    if (type == 'n') type = 'g';
    bool add_pct = false;
    if (type == '%') {
        type = 'f';
        d *= 100;
        add_pct = true;
    }
    if (f->precision > 2147483647) {
        err_format(&ValueErrorType, "precision too big");
        return NULL;
    }
    int precision = (int)f->precision;
    if (precision < 0)
        precision = default_precision;
    else if (type == 'r')
        type = 'g';
    StrBuf b;
    strbuf_init(&b);
    if (!double_to_string(&b, d, type, precision, flags)) return NULL;
    if (add_pct) strbuf_putc(&b, '%');
    const char *s = b.data;
    int64_t n = b.len, i = 0;
    char sign_char = 0;
    if (n > 0 && s[0] == '-') {
        sign_char = '-';
        i = 1;
    }
    int64_t j = i;
    while (j < n && s[j] >= '0' && s[j] <= '9') j++;
    return fill_number(f, sign_char, "", 0, s + i, j - i, s + j, n - j, false, false);
}

Str *float_format(double d, Str *spec) {
    FormatSpec f;
    if (!parse_spec(spec, '\0', '>', "float", &f)) return NULL;
    switch (f.type) {
    case '\0':
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G':
    case 'n':
    case '%': return format_float_spec(d, &f, "float");
    default: unknown_type(f.type, "float"); return NULL;
    }
}

// format_string_internal.
static Str *str_format_spec(Str *s, Str *spec) {
    FormatSpec f;
    if (!parse_spec(spec, 's', '<', "str", &f)) return NULL;
    if (f.type != 's') {
        unknown_type(f.type, "str");
        return NULL;
    }
    if (f.sign) {
        err_format(&ValueErrorType, f.sign == ' ' ? "Space not allowed in string format specifier"
                                                  : "Sign not allowed in string format specifier");
        return NULL;
    }
    if (f.no_neg_0) {
        err_format(&ValueErrorType,
                   "Negative zero coercion (z) not allowed in string format specifier");
        return NULL;
    }
    if (f.alternate) {
        err_format(&ValueErrorType, "Alternate form (#) not allowed in string format specifier");
        return NULL;
    }
    if (f.align == '=') {
        err_format(&ValueErrorType, "'=' alignment not allowed in string format specifier");
        return NULL;
    }
    int64_t len = s->nchars;
    if (f.precision >= 0 && len >= f.precision) len = f.precision;
    Str *body = len == s->nchars ? s : str_substr(s, 0, len);
    int64_t pad = f.width - len;
    if (pad <= 0) return body;
    if (!width_ok(f.width, f.fill)) return NULL;
    int64_t lpad = 0, rpad = 0;
    if (f.align == '>')
        lpad = pad;
    else if (f.align == '^') {
        lpad = pad / 2;
        rpad = pad - lpad;
    } else
        rpad = pad;
    StrBuf b;
    strbuf_init(&b);
    put_fill(&b, f.fill, lpad);
    strbuf_putstr(&b, body);
    put_fill(&b, f.fill, rpad);
    return strbuf_finish(&b);
}

Str *format_value_spec(Value v, Str *spec) {
    if (spec->len == 0) return obj_str(v);
    Type *t = val_type(v);
    if (t == &IntType) return int_format(int_value(v), spec);
    if (t == &BoolType) {
        FormatSpec f;
        if (!parse_spec(spec, 'd', '>', "bool", &f)) return NULL;
        switch (f.type) {
        case 'b':
        case 'c':
        case 'd':
        case 'o':
        case 'x':
        case 'X':
        case 'n': return format_int_spec(int_value(v), &f, "bool");
        case 'e':
        case 'E':
        case 'f':
        case 'F':
        case 'g':
        case 'G':
        case '%': return format_float_spec((double)int_value(v), &f, "bool");
        default: unknown_type(f.type, "bool"); return NULL;
        }
    }
    if (t == &FloatType) return float_format(float_value(v), spec);
    if (t == &StrType) return str_format_spec((Str *)v, spec);
    err_format(&TypeErrorType, "unsupported format string passed to %s.__format__", t->name);
    return NULL;
}

// ---- printf-style formatting (str % args) --------------------------------------------------

enum { F_LJUST = 1, F_SIGN = 2, F_BLANK = 4, F_ALT = 8, F_ZERO = 16 };

// ---- replaying the Python calls of a formatter ------------------------------------------
// %-formatting and str.format run in C; the calls into Python code they
// need (a user __str__, __format__, __getitem__, ...) go through
// replay_call. Outside a helper they are made nested; inside the helpers
// str.__mod__ and str.format they are replayed from a memo of the results
// already obtained (tuples (fn, args, result) in call order), and the first
// missing one is left in need_fn/need_args: the helper requests it,
// memoizes the result and formats again from the start (formats have few
// such calls; the C work repeats).
typedef struct {
    bool replay;
    List *memo; // NULL: none yet
    int64_t nmemo;
    Value need_fn;
    Tuple *need_args;
} Replay;

// Arguments of a memoized call that match a call made again: the same
// objects (a key or a spec is made afresh: an equal str).
static bool same_args(Tuple *a, Value *args, int nargs) {
    if (a->len != nargs) return false;
    for (int i = 0; i < nargs; i++) {
        Value x = a->items[i], y = args[i];
        if (x != y && !(val_is(x, &StrType) && val_is(y, &StrType) && str_eq((Str *)x, (Str *)y)))
            return false;
    }
    return true;
}

// Call fn(*args) for a formatter: nested, or the next memoized result;
// when there is none, VAL_NULL with no exception and the call left in
// need_fn/need_args.
static Value replay_call(Replay *c, Value fn, Value *args, int nargs) {
    if (!c->replay) return obj_call(fn, args, nargs, NULL);
    if (c->memo && c->nmemo < c->memo->len) {
        Tuple *e = (Tuple *)c->memo->items[c->nmemo];
        if (e->items[0] == fn && same_args((Tuple *)e->items[1], args, nargs)) {
            c->nmemo++;
            return e->items[2];
        }
        c->memo->len = c->nmemo; // replayed differently (the arguments changed): call again
    }
    c->need_fn = fn;
    c->need_args = tuple_from(args, nargs);
    return VAL_NULL;
}

static void replay_init(Replay *r, bool replay, List *memo) {
    r->replay = replay;
    r->memo = memo;
    r->nmemo = 0;
    r->need_fn = VAL_NULL;
    r->need_args = NULL;
}

// The step of a replaying helper whose fields [memo] and [pending] hold the
// memo and the pending call: after a request, memoize its result; then
// run [format] (its Replay context: *rp) and return its result or request
// the next call (label 1).
static HelperStatus replay_step(Helper *h, Value in, Value *out, int memo, int pending,
                                Value (*format)(Helper *h, Replay *rp)) {
    if (h->label == 1) {
        if (!in) return HS_RAISE;
        Tuple *p = (Tuple *)F(pending);
        list_append((List *)F(memo), (Value)tuple_pack(3, p->items[0], p->items[1], in));
        F(pending) = VAL_NONE;
    }
    Replay rp;
    replay_init(&rp, true, (List *)F(memo));
    Value r = format(h, &rp);
    if (r) return *out = r, HS_RETURN;
    if (!rp.need_fn || err_occurred()) return HS_RAISE;
    F(pending) = (Value)tuple_pack(2, rp.need_fn, (Value)rp.need_args);
    return helper_call(h, 1, rp.need_fn, rp.need_args, NULL);
}

// The memo holds (fn, args, result) tuples; a call is pending after the entry.
static bool replay_validate(Helper *h, int memo, int pending) {
    List *m = (List *)F(memo);
    for (int64_t i = 0; i < m->len; i++) {
        Value e = m->items[i];
        if (!val_is(e, &TupleType) || ((Tuple *)e)->len != 3 ||
            !val_is(((Tuple *)e)->items[1], &TupleType))
            return helper_field_error(h, memo, "expected (fn, args, result) tuples");
    }
    Value p = F(pending);
    if (h->label == 1 && (!val_is(p, &TupleType) || ((Tuple *)p)->len != 2 ||
                          !val_is(((Tuple *)p)->items[1], &TupleType)))
        return helper_field_error(h, pending, "expected the pending (fn, args)");
    return true;
}

// str(v), repr(v) or ascii(v) ([conv]: 's', 'r', 'a') for a formatter.
static Str *replay_str(Replay *c, Value v, uint32_t conv) {
    Type *t = val_type(v);
    Value d = t->dunders[DUNDER_REPR];
    if (conv == 's') {
        if (t == &StrType) return (Str *)v;
        if (t->dunders[DUNDER_STR])
            d = t->dunders[DUNDER_STR];
        else if (t->flags & TF_EXCEPTION)
            d = VAL_NULL;
    }
    if (!d && c->replay && vmops_is_repr_container(v)) {
        // A container holding objects with a user __repr__: repr() of it
        // as a request (str() of a container is its repr).
        bool needs;
        Str *s = obj_repr_probe(v, &needs);
        if (!needs) return s && conv == 'a' ? obj_ascii_of_repr(s) : s;
        d = builtin_lookup("builtins.repr");
        conv = conv == 's' ? 'r' : conv;
    }
    if (!d) return conv == 's' ? obj_str(v) : conv == 'r' ? obj_repr(v) : obj_ascii(v);
    Value r = replay_call(c, d, &v, 1);
    if (!r) return NULL;
    if (!val_is(r, &StrType)) {
        err_format(&TypeErrorType,
                   conv == 's' ? "__str__ returned non-string (type %s)"
                               : "__repr__ returned non-string (type %s)",
                   obj_type_name(r));
        return NULL;
    }
    return conv == 'a' ? obj_ascii_of_repr((Str *)r) : (Str *)r;
}

// ---- printf-style formatting (str % args), continued ------------------------------------------

typedef struct {
    Value args; // the right operand (or the current mapping value)
    Value dict; // mapping for %(key)s, or NULL
    int64_t arglen, argidx;
    Replay rp;
} ModCtx;

static Value mod_call(ModCtx *c, Value fn, Value *args, int nargs) {
    return replay_call(&c->rp, fn, args, nargs);
}

static Str *mod_str(ModCtx *c, Value v, uint32_t conv) {
    return replay_str(&c->rp, v, conv);
}

// The int of [v] through __index__ (obj_to_index's rules).
static bool mod_index(ModCtx *c, Value v, int64_t *out) {
    Value d = val_type(v)->dunders[DUNDER_INDEX];
    if (val_is_int(v) || !d) return obj_to_index(v, out);
    Value r = mod_call(c, d, &v, 1);
    if (!r) return false;
    if (!val_is_int(r)) {
        err_format(&TypeErrorType, "__index__ returned non-int (type %s)", obj_type_name(r));
        return false;
    }
    *out = int_value(r);
    return true;
}

// The float of [v] (obj_to_double's rules).
static bool mod_double(ModCtx *c, Value v, double *out) {
    Type *t = val_type(v);
    if (val_is_int(v) || t == &FloatType || !(t->dunders[DUNDER_FLOAT] || t->dunders[DUNDER_INDEX]))
        return obj_to_double(v, out);
    if (!t->dunders[DUNDER_FLOAT]) {
        int64_t i;
        if (!mod_index(c, v, &i)) return false;
        *out = (double)i;
        return true;
    }
    Value r = mod_call(c, t->dunders[DUNDER_FLOAT], &v, 1);
    if (!r) return false;
    if (!val_is(r, &FloatType)) {
        err_format(&TypeErrorType, "%s.__float__ returned non-float (type %s)", t->name,
                   obj_type_name(r));
        return false;
    }
    *out = float_value(r);
    return true;
}

static Value next_arg(ModCtx *c) {
    if (c->argidx < c->arglen) {
        int64_t i = c->argidx++;
        if (c->arglen < 0) return c->args;
        return ((Tuple *)c->args)->items[i];
    }
    return err_format(&TypeErrorType, "not enough arguments for format string");
}

// True if [v] supports subscription by arbitrary keys (PyMapping_Check
// minus tuple and str).
static bool is_mapping(Value v) {
    Type *t = val_type(v);
    if (t == &TupleType || t == &StrType) return false;
    return t->tp_getitem != NULL || t->dunders[DUNDER_GETITEM] != VAL_NULL;
}

// Format an integer conversion (d i u o x X) of [v] into [out]: sign,
// prefix ("0x" when alternate) and digits with the minimum [prec].
static bool mod_format_int(ModCtx *c, StrBuf *out, Value v, char conv, int flags, int64_t prec) {
    int64_t x;
    Type *t = val_type(v);
    if (val_is_int(v))
        x = int_value(v);
    else if (conv == 'd' || conv == 'i' || conv == 'u') {
        if (t == &FloatType) {
            Value r = int_from_double(float_value(v));
            if (!r) return false;
            x = int_value(r);
        } else if (t->dunders[DUNDER_INT] || t->dunders[DUNDER_INDEX]) {
            Value d = t->dunders[DUNDER_INT] ? t->dunders[DUNDER_INT] : t->dunders[DUNDER_INDEX];
            Value r = mod_call(c, d, &v, 1);
            if (!r) return false;
            if (!val_is_int(r)) {
                err_format(&TypeErrorType, "__int__ returned non-int (type %s)", obj_type_name(r));
                return false;
            }
            x = int_value(r);
        } else {
            err_format(&TypeErrorType, "%%%c format: a real number is required, not %s", conv,
                       t->name);
            return false;
        }
    } else {
        if (t->dunders[DUNDER_INDEX]) {
            if (!mod_index(c, v, &x)) return false;
        } else {
            err_format(&TypeErrorType, "%%%c format: an integer is required, not %s", conv,
                       t->name);
            return false;
        }
    }
    if (prec > INT32_MAX - 3) { // _PyUnicode_FormatLong
        err_format(&OverflowErrorType, "precision too large");
        return false;
    }
    int base = conv == 'o' ? 8 : (conv == 'x' || conv == 'X') ? 16 : 10;
    char digits[70];
    uint64_t u = x < 0 ? -(uint64_t)x : (uint64_t)x;
    int n = u64_digits(u, base, digits);
    if (conv == 'X')
        for (int i = 0; i < n; i++)
            if (digits[i] >= 'a') digits[i] = (char)(digits[i] - 32);
    if (x < 0) strbuf_putc(out, '-');
    if ((flags & F_ALT) && base != 10) {
        strbuf_putc(out, '0');
        strbuf_putc(out, conv == 'o' ? 'o' : conv);
    }
    if (prec > n) {
        if (!gc_size_ok((uint64_t)prec)) return false;
        put_fill(out, '0', prec - n);
    }
    strbuf_putn(out, digits, n);
    return true;
}

static Value mod_format(ModCtx *cp, Str *fmt, Value args);

// str % args ([replay], [memo]: see Replay; *need: the context after).
static Value mod_run(Str *fmt, Value args, bool replay, List *memo, ModCtx *need) {
    ModCtx c;
    replay_init(&c.rp, replay, memo);
    Value r = mod_format(&c, fmt, args);
    *need = c;
    return r;
}

// str % args, a user special method called nested.
Value str_mod_format(Str *fmt, Value args) {
    ModCtx c;
    return mod_run(fmt, args, false, NULL, &c);
}

// The str.__mod__ helper (see Replay).
// fields: fmt, args, memo, pending (fn, args) of the request
static Value str_mod_replay(Helper *h, Replay *rp) {
    ModCtx c;
    c.rp = *rp;
    Value r = mod_format(&c, (Str *)F(0), F(1));
    *rp = c.rp;
    return r;
}
static HelperStatus str_mod_step(Helper *h, Value in, Value *out) {
    return replay_step(h, in, out, 2, 3, str_mod_replay);
}
static bool str_mod_validate(Helper *h) {
    return replay_validate(h, 2, 3);
}
HELPER_CHECKED(str_mod_helper, "str.__mod__", str_mod_step, str_mod_validate,
               "fmt:s args:v memo:l pending:T", "entry", "after_call")

Value str_mod_start(Str *fmt, Value args, Value *rec) {
    ModCtx c;
    *rec = VAL_NULL;
    Value r = mod_run(fmt, args, true, NULL, &c);
    if (r || !c.rp.need_fn || err_occurred()) return r;
    Helper *h = helper_new(&str_mod_helper);
    h->fields[0] = (Value)fmt;
    h->fields[1] = args;
    h->fields[2] = (Value)list_new(0);
    *rec = (Value)h;
    return VAL_NULL;
}

static Value mod_format(ModCtx *cp, Str *fmt, Value args) {
    cp->args = args;
    if (val_is(args, &TupleType)) {
        cp->arglen = ((Tuple *)args)->len;
        cp->argidx = 0;
    } else {
        cp->arglen = -1;
        cp->argidx = -2;
    }
    cp->dict = is_mapping(args) ? args : VAL_NULL;
    const char *p = fmt->data, *e = p + fmt->len;
    StrBuf b;
    strbuf_init(&b);
    while (p < e) {
        const char *q = memchr(p, '%', (size_t)(e - p));
        if (!q) {
            strbuf_putn(&b, p, e - p);
            break;
        }
        strbuf_putn(&b, p, q - p);
        p = q + 1;
        if (p >= e) return err_format(&ValueErrorType, "incomplete format");
        if (*p == '%') {
            strbuf_putc(&b, '%');
            p++;
            continue;
        }
        // Mapping key.
        if (*p == '(') {
            if (!cp->dict) return err_format(&TypeErrorType, "format requires a mapping");
            p++;
            const char *ks = p;
            int depth = 1;
            while (p < e) {
                if (*p == '(')
                    depth++;
                else if (*p == ')' && --depth == 0)
                    break;
                p++;
            }
            if (p >= e || depth) return err_format(&ValueErrorType, "incomplete format key");
            Str *key = str_new(ks, p - ks);
            p++;
            Value v, gi = val_type(cp->dict)->dunders[DUNDER_GETITEM];
            if (gi) {
                Value ga[2] = {cp->dict, (Value)key};
                v = mod_call(cp, gi, ga, 2);
            } else {
                v = obj_getitem(cp->dict, (Value)key);
            }
            if (!v) return VAL_NULL;
            cp->args = v;
            cp->arglen = -1;
            cp->argidx = -2;
        }
        int flags = 0;
        while (p < e) {
            if (*p == '-')
                flags |= F_LJUST;
            else if (*p == '+')
                flags |= F_SIGN;
            else if (*p == ' ')
                flags |= F_BLANK;
            else if (*p == '#')
                flags |= F_ALT;
            else if (*p == '0')
                flags |= F_ZERO;
            else
                break;
            p++;
        }
        int64_t width = -1, prec = -1;
        if (p < e && *p == '*') {
            Value w = next_arg(cp);
            if (!w) return VAL_NULL;
            if (!val_is_int(w)) return err_format(&TypeErrorType, "* wants int");
            width = int_value(w);
            if (width < 0) {
                flags |= F_LJUST;
                width = -width;
            }
            p++;
        } else {
            while (p < e && *p >= '0' && *p <= '9') {
                if (width < 0) width = 0;
                if (width > (INT64_MAX - (*p - '0')) / 10)
                    return err_format(&ValueErrorType, "width too big");
                width = width * 10 + (*p++ - '0');
            }
        }
        if (p < e && *p == '.') {
            p++;
            prec = 0;
            if (p < e && *p == '*') {
                Value w = next_arg(cp);
                if (!w) return VAL_NULL;
                if (!val_is_int(w)) return err_format(&TypeErrorType, "* wants int");
                prec = int_value(w);
                if (prec > INT32_MAX || prec < INT32_MIN) // a C int in CPython
                    return err_format(&OverflowErrorType,
                                      "Python int too large to convert to C int");
                if (prec < 0) prec = 0;
                p++;
            } else {
                while (p < e && *p >= '0' && *p <= '9') {
                    if (prec > (INT32_MAX - (*p - '0')) / 10)
                        return err_format(&ValueErrorType, "precision too big");
                    prec = prec * 10 + (*p++ - '0');
                }
            }
        }
        if (p < e && (*p == 'h' || *p == 'l' || *p == 'L')) p++;
        if (p >= e) return err_format(&ValueErrorType, "incomplete format");
        // The conversion character (may be non-ASCII).
        int cl;
        uint32_t conv = utf8_decode((const unsigned char *)p, &cl);
        int64_t conv_index = str_cp_index(fmt, p - fmt->data);
        p += cl;
        StrBuf body;
        strbuf_init(&body);
        bool numeric = false;
        Value v = next_arg(cp);
        if (!v) return VAL_NULL;
        switch (conv) {
        case 's':
        case 'r':
        case 'a': {
            Str *s = mod_str(cp, v, conv);
            if (!s) return VAL_NULL;
            if (prec >= 0 && prec < s->nchars) s = str_substr(s, 0, prec);
            strbuf_putstr(&body, s);
            break;
        }
        case 'd':
        case 'i':
        case 'u':
        case 'o':
        case 'x':
        case 'X': {
            numeric = true;
            if (!mod_format_int(cp, &body, v, (char)conv, flags, prec)) return VAL_NULL;
            break;
        }
        case 'e':
        case 'E':
        case 'f':
        case 'F':
        case 'g':
        case 'G': {
            numeric = true;
            double d;
            if (val_is(v, &FloatType))
                d = float_value(v);
            else if (val_is_int(v))
                d = (double)int_value(v);
            else {
                Type *t = val_type(v);
                if (!t->dunders[DUNDER_FLOAT] && !t->dunders[DUNDER_INDEX])
                    return err_format(&TypeErrorType, "must be real number, not %s", t->name);
                if (!mod_double(cp, v, &d)) return VAL_NULL;
            }
            if (!double_to_string(&body, d, (char)conv, prec < 0 ? 6 : (int)prec,
                                  (flags & F_ALT) ? DTSF_ALT : 0))
                return VAL_NULL;
            break;
        }
        case 'c': {
            if (val_is(v, &StrType)) {
                if (((Str *)v)->nchars != 1)
                    return err_format(&TypeErrorType, "%%c requires int or char");
                strbuf_putstr(&body, (Str *)v);
            } else if (val_is_int(v) || val_type(v)->dunders[DUNDER_INDEX]) {
                int64_t x;
                if (!mod_index(cp, v, &x)) return VAL_NULL;
                if (x < 0 || x > 0x10ffff)
                    return err_format(&OverflowErrorType, "%%c arg not in range(0x110000)");
                strbuf_put_codepoint(&body, (uint32_t)x);
            } else {
                return err_format(&TypeErrorType, "%%c requires int or char");
            }
            break;
        }
        default:
            return err_format(
                &ValueErrorType, "unsupported format character '%c' (0x%x) at index %lld",
                conv > 32 && conv < 127 ? (int)conv : '?', (unsigned)conv, (long long)conv_index);
        }
        // unicode_format_arg_output: sign, alternate prefix and padding.
        Str *s = strbuf_finish(&body);
        const char *sp = s->data;
        int64_t len = s->nchars, off = 0;
        char signchar = 0;
        bool sign = numeric;
        if (sign) {
            if (sp[0] == '-' || sp[0] == '+') {
                signchar = sp[0];
                len--;
                off = 1;
            } else if (flags & F_SIGN)
                signchar = '+';
            else if (flags & F_BLANK)
                signchar = ' ';
            else
                sign = false;
        }
        char fill = (numeric && (flags & F_ZERO) && !(flags & F_LJUST)) ? '0' : ' ';
        if (width < len) width = len;
        if (width > len && !gc_size_ok((uint64_t)b.len + (uint64_t)width + (uint64_t)s->len))
            return VAL_NULL;
        if (sign) {
            if (fill != ' ') strbuf_putc(&b, signchar);
            if (width > len) width--;
        }
        bool alt_prefix = (flags & F_ALT) && (conv == 'x' || conv == 'X' || conv == 'o');
        if (alt_prefix) {
            if (fill != ' ') strbuf_putn(&b, sp + off, 2);
            width -= 2;
            if (width < 0) width = 0;
            len -= 2;
        }
        if (width > len && !(flags & F_LJUST)) {
            put_fill(&b, (uint32_t)fill, width - len);
            width = len;
        }
        if (fill == ' ') {
            if (sign) strbuf_putc(&b, signchar);
            if (alt_prefix) strbuf_putn(&b, sp + off, 2);
        }
        if (alt_prefix) off += 2;
        strbuf_putn(&b, sp + off, s->len - off);
        if (width > len) put_fill(&b, ' ', width - len);
    }
    if (cp->argidx < cp->arglen && !cp->dict)
        return err_format(&TypeErrorType, "not all arguments converted during string formatting");
    return (Value)strbuf_finish(&b);
}

// ---- str.format ---------------------------------------------------------------------------------

typedef struct {
    Value *args; // positional arguments (NULL for format_map)
    int64_t nargs;
    Value kwargs;   // a Dict or any mapping (NULL: none)
    int auto_state; // 0 init, 1 auto, 2 manual
    int64_t auto_next;
    Replay rp;
} FmtCtx;

// o[key] for a field name: a user __getitem__ through replay_call.
static Value fmt_getitem(FmtCtx *c, Value o, Value key) {
    Value gi = val_type(o)->dunders[DUNDER_GETITEM];
    if (!gi) return obj_getitem(o, key);
    Value a[2] = {o, key};
    return replay_call(&c->rp, gi, a, 2);
}

// o.name for a field name: getattr() through replay_call when a property,
// a user __get__ or __getattr__ must run.
static Value fmt_getattr(FmtCtx *c, Value o, Str *name) {
    Value out, args[3];
    int nargs;
    switch (attr_get(o, name, &out, args, &nargs)) {
    case ATTR_FOUND: return out;
    case ATTR_MISSING: return attr_error(o, name);
    case ATTR_ERROR: return VAL_NULL;
    case ATTR_CALL: break;
    }
    Value a[2] = {o, (Value)name};
    return replay_call(&c->rp, builtin_lookup("builtins.getattr"), a, 2);
}

// format(obj, spec) for a field: format() through replay_call when a user
// __format__/__str__/__repr__ must run.
static Str *fmt_format(FmtCtx *c, Value obj, Str *spec) {
    Type *t = val_type(obj);
    bool user = t->dunders[DUNDER_FORMAT] || t->dunders[DUNDER_STR] || t->dunders[DUNDER_REPR];
    if (!user && spec->len == 0 && c->rp.replay && vmops_is_repr_container(obj)) {
        bool needs;
        Str *s = obj_repr_probe(obj, &needs);
        if (!needs) return s;
        user = true;
    }
    if (!user) return obj_format(obj, spec);
    Value a[2] = {obj, (Value)spec};
    Value r = replay_call(&c->rp, builtin_lookup("builtins.format"), a, 2);
    if (!r) return NULL;
    if (!val_is(r, &StrType)) {
        err_format(&TypeErrorType, "__format__ must return a str, not %s", obj_type_name(r));
        return NULL;
    }
    return (Str *)r;
}

// get_integer on a byte range: the value, -1 if not all decimal digits
// (or empty), -2 with an error on overflow.
static int64_t field_integer(const char *p, int64_t n) {
    if (n == 0) return -1;
    int64_t acc = 0;
    const unsigned char *s = (const unsigned char *)p, *e = s + n;
    while (s < e) {
        int cl;
        uint32_t c = utf8_decode(s, &cl);
        int d = uc_decimal(c);
        if (d < 0) return -1;
        if (acc > (INT64_MAX - d) / 10) {
            err_format(&ValueErrorType, "Too many decimal digits in format string");
            return -2;
        }
        acc = acc * 10 + d;
        s += cl;
    }
    return acc;
}

// Resolve a field name ("0", "name.attr[key]", "") to its object.
static Value get_field(FmtCtx *c, const char *p, int64_t n) {
    const char *e = p + n, *q = p;
    while (q < e && *q != '.' && *q != '[') q++;
    int64_t idx = field_integer(p, q - p);
    if (idx == -2) return VAL_NULL;
    bool empty = q == p;
    bool numeric = empty || idx != -1;
    if (c->auto_state == 0 && numeric) c->auto_state = empty ? 1 : 2;
    if (numeric) {
        if (c->auto_state == 2 && empty)
            return err_format(&ValueErrorType,
                              "cannot switch from manual field specification to automatic field "
                              "numbering");
        if (c->auto_state == 1 && !empty)
            return err_format(&ValueErrorType,
                              "cannot switch from automatic field numbering to manual field "
                              "specification");
        if (empty) idx = c->auto_next++;
    }
    Value obj;
    if (idx == -1) {
        Value key = (Value)str_new(p, q - p);
        if (!c->kwargs) return err_key(key);
        if (val_is(c->kwargs, &DictType)) {
            int r = dict_lookup((Dict *)c->kwargs, key, &obj);
            if (r < 0) return VAL_NULL;
            if (!r) return err_key(key);
        } else {
            obj = fmt_getitem(c, c->kwargs, key);
            if (!obj) return VAL_NULL;
        }
    } else {
        if (!c->args)
            return err_format(&ValueErrorType, "Format string contains positional fields");
        if (idx >= c->nargs)
            return err_format(&IndexErrorType,
                              "Replacement index %lld out of range for positional args tuple",
                              (long long)idx);
        obj = c->args[idx];
    }
    // The rest: .attr and [key] parts.
    while (q < e) {
        char k = *q++;
        const char *ns = q;
        if (k == '.') {
            while (q < e && *q != '.' && *q != '[') q++;
            if (q == ns) return err_format(&ValueErrorType, "Empty attribute in format string");
            obj = fmt_getattr(c, obj, str_intern(str_new(ns, q - ns)));
        } else if (k == '[') {
            while (q < e && *q != ']') q++;
            if (q >= e) return err_format(&ValueErrorType, "Missing ']' in format string");
            if (q == ns) return err_format(&ValueErrorType, "Empty attribute in format string");
            int64_t ki = field_integer(ns, q - ns);
            if (ki == -2) return VAL_NULL;
            Value key = ki >= 0 ? int_from_i64(ki) : (Value)str_new(ns, q - ns);
            q++;
            obj = fmt_getitem(c, obj, key);
        } else {
            return err_format(&ValueErrorType,
                              "Only '.' or '[' may follow ']' in format field specifier");
        }
        if (!obj) return VAL_NULL;
    }
    return obj;
}

static bool build_format(FmtCtx *c, Str *fmt, const char *p, const char *e, int depth, StrBuf *out);

// Parse one replacement field starting after '{' at *pp; append its text.
static bool render_field(FmtCtx *c, Str *fmt, const char **pp, const char *e, int depth,
                         StrBuf *out) {
    const char *p = *pp;
    const char *name = p;
    char ch = 0;
    while (p < e) {
        ch = *p++;
        if (ch == '{') {
            err_format(&ValueErrorType, "unexpected '{' in field name");
            return false;
        }
        if (ch == '[') {
            while (p < e && *p != ']') p++;
            continue;
        }
        if (ch == '}' || ch == ':' || ch == '!') break;
    }
    const char *name_end = p - 1;
    uint32_t conversion = 0;
    const char *spec = NULL, *spec_end = NULL;
    bool expand = false;
    if (ch == '!' || ch == ':') {
        if (ch == '!') {
            if (p >= e) {
                err_format(&ValueErrorType, "end of string while looking for conversion specifier");
                return false;
            }
            int cl;
            conversion = utf8_decode((const unsigned char *)p, &cl);
            p += cl;
            if (p < e) {
                char c2 = *p++;
                if (c2 == '}') goto done_field;
                if (c2 != ':') {
                    err_format(&ValueErrorType, "expected ':' after conversion specifier");
                    return false;
                }
            }
        }
        spec = p;
        int count = 1;
        while (p < e) {
            char c2 = *p++;
            if (c2 == '{') {
                expand = true;
                count++;
            } else if (c2 == '}') {
                if (--count == 0) {
                    spec_end = p - 1;
                    goto done_field;
                }
            }
        }
        err_format(&ValueErrorType, "unmatched '{' in format spec");
        return false;
    } else if (ch != '}') {
        err_format(&ValueErrorType, "expected '}' before end of string");
        return false;
    }
done_field:
    *pp = p;
    {
        Value obj = get_field(c, name, name_end - name);
        if (!obj) return false;
        if (conversion) {
            Str *s;
            switch (conversion) {
            case 'r':
            case 's':
            case 'a': s = replay_str(&c->rp, obj, conversion); break;
            default:
                if (conversion > 32 && conversion < 127)
                    err_format(&ValueErrorType, "Unknown conversion specifier %c", (int)conversion);
                else
                    err_format(&ValueErrorType, "Unknown conversion specifier \\x%x",
                               (unsigned)conversion);
                return false;
            }
            if (!s) return false;
            obj = (Value)s;
        }
        Str *spec_str = str_empty();
        if (spec && spec_end > spec) {
            if (expand) {
                StrBuf sb;
                strbuf_init(&sb);
                if (!build_format(c, fmt, spec, spec_end, depth - 1, &sb)) return false;
                spec_str = strbuf_finish(&sb);
            } else {
                spec_str = str_new(spec, spec_end - spec);
            }
        }
        Str *r = fmt_format(c, obj, spec_str);
        if (!r) return false;
        strbuf_putstr(out, r);
    }
    return true;
}

static bool build_format(FmtCtx *c, Str *fmt, const char *p, const char *e, int depth,
                         StrBuf *out) {
    if (depth <= 0) {
        err_format(&ValueErrorType, "Max string recursion exceeded");
        return false;
    }
    while (p < e) {
        const char *q = p;
        while (q < e && *q != '{' && *q != '}') q++;
        strbuf_putn(out, p, q - p);
        if (q >= e) break;
        char ch = *q++;
        bool at_end = q >= e;
        if (ch == '}') {
            if (at_end || *q != '}') {
                err_format(&ValueErrorType, "Single '}' encountered in format string");
                return false;
            }
            strbuf_putc(out, '}');
            p = q + 1;
            continue;
        }
        if (at_end) {
            err_format(&ValueErrorType, "Single '{' encountered in format string");
            return false;
        }
        if (*q == '{') {
            strbuf_putc(out, '{');
            p = q + 1;
            continue;
        }
        p = q;
        if (!render_field(c, fmt, &p, e, depth, out)) return false;
    }
    return true;
}

// Run str.format on context [c] (its arguments set).
static Value fmt_run(FmtCtx *c, Str *fmt) {
    c->auto_state = 0;
    c->auto_next = 0;
    StrBuf b;
    strbuf_init(&b);
    if (!build_format(c, fmt, fmt->data, fmt->data + fmt->len, 2, &b)) return VAL_NULL;
    return (Value)strbuf_finish(&b);
}

// The str.format helper (str.format and str.format_map, see Replay).
// fields: fmt, args (None: format_map), kwargs (a dict or the mapping;
// unset: none), memo, pending (fn, args) of the request
static Value str_format_replay(Helper *h, Replay *rp) {
    FmtCtx c;
    Tuple *args = F(1) == VAL_NONE ? NULL : (Tuple *)F(1);
    c.args = args ? args->items : NULL;
    c.nargs = args ? args->len : 0;
    c.kwargs = F(2);
    c.rp = *rp;
    Value r = fmt_run(&c, (Str *)F(0));
    *rp = c.rp;
    return r;
}
static HelperStatus str_format_step(Helper *h, Value in, Value *out) {
    return replay_step(h, in, out, 3, 4, str_format_replay);
}
static bool str_format_validate(Helper *h) {
    return replay_validate(h, 3, 4);
}
HELPER_CHECKED(str_format_helper, "str.format", str_format_step, str_format_validate,
               "fmt:s args:T kwargs:V memo:l pending:T", "entry", "after_call")

// Format [fmt] with the arguments of [c] without nesting: the result, or
// a str.format record (*rec) when Python code must run.
static Value fmt_start(FmtCtx *c, Str *fmt, Value *rec) {
    *rec = VAL_NULL;
    replay_init(&c->rp, true, NULL);
    Value r = fmt_run(c, fmt);
    if (r || !c->rp.need_fn || err_occurred()) return r;
    Helper *h = helper_new(&str_format_helper);
    h->fields[0] = (Value)fmt;
    h->fields[1] = c->args ? (Value)tuple_from(c->args, c->nargs) : VAL_NONE;
    h->fields[2] = c->kwargs;
    h->fields[3] = (Value)list_new(0);
    *rec = (Value)h;
    return VAL_NULL;
}

// The arguments of str.format(*args, **kwargs) (keyword arguments last in
// [args], named by [kwnames]) into [c]; false with an exception raised.
static bool ctx_from_call(FmtCtx *c, Value *args, int nargs, Tuple *kwnames) {
    int nkw = str_kwcount(kwnames);
    c->args = args;
    c->nargs = nargs - nkw;
    c->kwargs = VAL_NULL;
    if (nkw) {
        Dict *d = dict_new();
        for (int i = 0; i < nkw; i++)
            if (dict_set(d, kwnames->items[i], args[c->nargs + i]) < 0) return false;
        c->kwargs = (Value)d;
    }
    return true;
}

// The arguments of str.format_map(mapping) into [c].
static void ctx_from_map(FmtCtx *c, Value mapping) {
    c->args = NULL;
    c->nargs = 0;
    c->kwargs = mapping;
}

Value str_format_start(Str *fmt, Value *args, int nargs, Tuple *kwnames, Value *rec) {
    FmtCtx c;
    *rec = VAL_NULL;
    if (!ctx_from_call(&c, args, nargs, kwnames)) return VAL_NULL;
    return fmt_start(&c, fmt, rec);
}

Value str_format_map_start(Str *fmt, Value mapping, Value *rec) {
    FmtCtx c;
    ctx_from_map(&c, mapping);
    return fmt_start(&c, fmt, rec);
}

Value str_format_call(Str *fmt, Value *args, int nargs, Tuple *kwnames) {
    FmtCtx c;
    if (!ctx_from_call(&c, args, nargs, kwnames)) return VAL_NULL;
    replay_init(&c.rp, false, NULL);
    return fmt_run(&c, fmt);
}

Value str_format_map(Str *fmt, Value mapping) {
    FmtCtx c;
    ctx_from_map(&c, mapping);
    replay_init(&c.rp, false, NULL);
    return fmt_run(&c, fmt);
}
