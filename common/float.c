// float.c — the float type: construction and parsing, CPython's shortest
// repr, arithmetic with Python's floor-division/modulo semantics, the
// operator and comparison slots shared by int/bool/float (exact mixed
// comparisons), hashing as CPython, round(), and float methods.
#include "num.h"

#include "containers.h"
#include "err.h"
#include "ops.h"
#include "str.h"
#include "str_impl.h"
#include "type.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

// Floats are the most allocated objects in numeric code: take them from a
// batch that GC_malloc_many hands out (one call for many objects, linked
// through their first word) instead of one GC_malloc call each.
static void *float_batch;

Value float_new(double d) {
    if (!float_batch) float_batch = GC_malloc_many(sizeof(Float));
    Float *f = (Float *)float_batch;
    if (!f) {
        f = (Float *)gc_alloc_atomic(sizeof(Float));
    } else {
        float_batch = GC_NEXT(float_batch);
        GC_NEXT(f) = NULL;
    }
    f->obj.type = &FloatType;
    f->value = d;
    return (Value)f;
}

// ---- shortest repr --------------------------------------------------------------------

// True if the decimal "D.DDDDeE" built from [digits]/[n]/[exp10] reads back as [d].
static bool round_trips(const char *digits, int n, int exp10, double d) {
    char buf[48];
    int k = 0;
    buf[k++] = digits[0];
    if (n > 1) {
        buf[k++] = '.';
        memcpy(buf + k, digits + 1, (size_t)(n - 1));
        k += n - 1;
    }
    snprintf(buf + k, sizeof buf - (size_t)k, "e%d", exp10);
    return strtod(buf, NULL) == d;
}

// Round the digit string [src] (len [srclen], value src[0].src[1..] e [exp])
// to [p] digits into [dst]; returns the new exponent, or INT32_MIN when the
// rounding is an exact tie in [src] (the caller must then ask snprintf).
static int round_digits(const char *src, int srclen, int exp, int p, char *dst) {
    memcpy(dst, src, (size_t)p);
    dst[p] = '\0';
    if (p >= srclen) return exp;
    char c = src[p];
    bool up;
    if (c > '5')
        up = true;
    else if (c < '5')
        up = false;
    else {
        bool rest = false;
        for (int i = p + 1; i < srclen; i++)
            if (src[i] != '0') rest = true;
        if (!rest) return INT32_MIN;
        up = true;
    }
    if (up) {
        int i = p - 1;
        while (i >= 0 && dst[i] == '9') dst[i--] = '0';
        if (i >= 0)
            dst[i]++;
        else {
            dst[0] = '1';
            for (int j = 1; j < p; j++) dst[j] = '0';
            exp++;
        }
    }
    return exp;
}

// Parse "D.DDDDe[+-]X" from snprintf into bare digits and an exponent.
static int split_e(const char *buf, char *digits, int *n) {
    int k = 0;
    const char *p = buf;
    for (; *p && *p != 'e'; p++)
        if (*p >= '0' && *p <= '9') digits[k++] = *p;
    digits[k] = '\0';
    *n = k;
    return atoi(p + 1);
}

// The nearest [p]-digit decimal to [d] (from its 18-digit rounding [src]),
// or its upper neighbour when [pow2] and only that one reads back as [d].
// Returns true if the candidate in [cand] (exponent *e) round-trips.
static bool candidate(double d, const char *src, int srclen, int exp, int p, bool pow2, char *cand,
                      int *e) {
    *e = round_digits(src, srclen, exp, p, cand);
    if (*e == INT32_MIN) {
        // An exact tie in the 18-digit string: ask for the correctly rounded one.
        char b2[48];
        int n2;
        snprintf(b2, sizeof b2, "%.*e", p - 1, d);
        *e = split_e(b2, cand, &n2);
    }
    if (round_trips(cand, p, *e, d)) return true;
    if (!pow2 || p == 1) return false;
    // A power of two: the round-trip interval is narrower below d, so the
    // neighbour above may round-trip while the nearest (below) does not.
    char alt[24];
    memcpy(alt, cand, (size_t)p + 1);
    int i = p - 1, ae = *e;
    while (i >= 0 && alt[i] == '9') alt[i--] = '0';
    if (i >= 0)
        alt[i]++;
    else {
        alt[0] = '1';
        ae++;
    }
    if (!round_trips(alt, p, ae, d)) return false;
    memcpy(cand, alt, (size_t)p + 1);
    *e = ae;
    return true;
}

void float_shortest(double d, char *digits, int *ndig, int *decpt) {
    d = fabs(d);
    char buf[64], src[48], cand[24];
    if (d < 9007199254740992.0 && d == floor(d)) {
        // An integer below 2**53: its own digits are the shortest.
        int n = snprintf(digits, 24, "%lld", (long long)d);
        *decpt = n;
        while (n > 1 && digits[n - 1] == '0') n--;
        digits[n] = '\0';
        *ndig = n;
        return;
    }
    // 18 correctly rounded digits: rounding them again to p <= 17 digits
    // equals rounding d itself, except for exact ties (handled above).
    snprintf(buf, sizeof buf, "%.17e", d);
    int srclen;
    int exp = split_e(buf, src, &srclen);
    int e2;
    bool pow2 = frexp(d, &e2) == 0.5 && d >= DBL_MIN;
    int p, e;
    if (pow2) {
        // Round-tripping is not monotonic in p here: search linearly.
        for (p = 1; p < 17; p++)
            if (candidate(d, src, srclen, exp, p, true, cand, &e)) break;
        if (p == 17) candidate(d, src, srclen, exp, 17, true, cand, &e);
    } else {
        // The nearest p-digit decimal round-trips for every p >= the
        // shortest: binary search.
        int lo = 1, hi = 17;
        while (lo < hi) {
            int mid = (lo + hi) / 2;
            if (candidate(d, src, srclen, exp, mid, false, cand, &e))
                hi = mid;
            else
                lo = mid + 1;
        }
        p = lo;
        candidate(d, src, srclen, exp, p, false, cand, &e);
    }
    int n = p;
    while (n > 1 && cand[n - 1] == '0') n--;
    memcpy(digits, cand, (size_t)n);
    digits[n] = '\0';
    *ndig = n;
    *decpt = e + 1;
}

Str *float_repr(double d) {
    if (isnan(d)) return str_intern_cstr("nan");
    if (isinf(d)) return str_intern_cstr(d > 0 ? "inf" : "-inf");
    if (d == 0) return str_intern_cstr(signbit(d) ? "-0.0" : "0.0");
    char digits[24], out[48];
    int n, decpt, k = 0;
    float_shortest(d, digits, &n, &decpt);
    if (d < 0) out[k++] = '-';
    if (decpt > 16 || decpt <= -4) {
        out[k++] = digits[0];
        if (n > 1) {
            out[k++] = '.';
            memcpy(out + k, digits + 1, (size_t)(n - 1));
            k += n - 1;
        }
        k += snprintf(out + k, sizeof out - (size_t)k, "e%c%02d", decpt - 1 < 0 ? '-' : '+',
                      abs(decpt - 1));
    } else if (decpt <= 0) {
        out[k++] = '0';
        out[k++] = '.';
        for (int i = 0; i < -decpt; i++) out[k++] = '0';
        memcpy(out + k, digits, (size_t)n);
        k += n;
    } else if (decpt >= n) {
        memcpy(out + k, digits, (size_t)n);
        k += n;
        for (int i = n; i < decpt; i++) out[k++] = '0';
        out[k++] = '.';
        out[k++] = '0';
    } else {
        memcpy(out + k, digits, (size_t)decpt);
        k += decpt;
        out[k++] = '.';
        memcpy(out + k, digits + decpt, (size_t)(n - decpt));
        k += n - decpt;
    }
    return str_new(out, k);
}

// ---- hashing --------------------------------------------------------------------------

#define HASH_BITS 61
#define HASH_MODULUS ((UINT64_C(1) << HASH_BITS) - 1)

int64_t float_hash(double v) {
    if (isinf(v)) return v > 0 ? 314159 : -314159;
    if (isnan(v)) return 0;
    int e;
    double m = frexp(v, &e);
    int sign = 1;
    if (m < 0) {
        sign = -1;
        m = -m;
    }
    uint64_t x = 0;
    while (m) {
        x = ((x << 28) & HASH_MODULUS) | x >> (HASH_BITS - 28);
        m *= 268435456.0;
        e -= 28;
        uint64_t y = (uint64_t)m;
        m -= (double)y;
        x += y;
        if (x >= HASH_MODULUS) x -= HASH_MODULUS;
    }
    e = e >= 0 ? e % HASH_BITS : HASH_BITS - 1 - ((-1 - e) % HASH_BITS);
    x = ((x << e) & HASH_MODULUS) | x >> (HASH_BITS - e);
    int64_t r = (int64_t)x * sign;
    return r == -1 ? -2 : r;
}

// ---- parsing --------------------------------------------------------------------------

static bool is_space(unsigned char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' ||
           (c >= 0x1c && c <= 0x1f);
}

static bool ci_eq(const char *p, int64_t n, const char *word) {
    if ((int64_t)strlen(word) != n) return false;
    for (int64_t i = 0; i < n; i++)
        if ((p[i] | 0x20) != word[i]) return false;
    return true;
}

// Parse a float literal; false if the syntax is invalid.
static bool parse_float(const char *s, int64_t len, double *out) {
    const char *p = s, *e = s + len;
    while (p < e && is_space((unsigned char)*p)) p++;
    while (e > p && is_space((unsigned char)e[-1])) e--;
    bool neg = false;
    const char *body = p;
    if (p < e && (*p == '+' || *p == '-')) neg = *p++ == '-';
    if (ci_eq(p, e - p, "inf") || ci_eq(p, e - p, "infinity")) {
        *out = neg ? -INFINITY : INFINITY;
        return true;
    }
    if (ci_eq(p, e - p, "nan")) {
        *out = neg ? -NAN : NAN;
        return true;
    }
    // Validate [digits][.digits][e[sign]digits] with single underscores
    // between digits, and copy without underscores.
    char *buf = (char *)gc_alloc_atomic((size_t)(e - body) + 1);
    int64_t k = 0;
    if (body < p) buf[k++] = *body;
    int ndig = 0;
#define DIGITS(count)                                                                              \
    do {                                                                                           \
        bool prev_digit = false;                                                                   \
        while (p < e) {                                                                            \
            if (*p >= '0' && *p <= '9') {                                                          \
                buf[k++] = *p++;                                                                   \
                count++;                                                                           \
                prev_digit = true;                                                                 \
            } else if (*p == '_' && prev_digit && p + 1 < e && p[1] >= '0' && p[1] <= '9') {       \
                p++;                                                                               \
                prev_digit = false;                                                                \
            } else                                                                                 \
                break;                                                                             \
        }                                                                                          \
    } while (0)
    DIGITS(ndig);
    if (p < e && *p == '.') {
        buf[k++] = *p++;
        DIGITS(ndig);
    }
    if (ndig == 0) return false;
    if (p < e && (*p == 'e' || *p == 'E')) {
        buf[k++] = *p++;
        if (p < e && (*p == '+' || *p == '-')) buf[k++] = *p++;
        int nexp = 0;
        DIGITS(nexp);
        if (nexp == 0) return false;
    }
#undef DIGITS
    if (p != e) return false;
    buf[k] = '\0';
    *out = strtod(buf, NULL);
    return true;
}

// float(text) with [orig] for the error message.
static Value float_parse_obj(const char *s, int64_t len, Value orig) {
    double d;
    if (parse_float(s, len, &d)) return float_new(d);
    return err_format(&ValueErrorType, "could not convert string to float: %R", orig);
}

Value float_parse(const char *s, int64_t len) {
    return float_parse_obj(s, len, (Value)str_new(s, len));
}

// ---- arithmetic -----------------------------------------------------------------------

static bool is_odd_integer(double x) {
    return fmod(fabs(x), 2.0) == 1.0;
}

static Value float_pow(double iv, double iw) {
    if (iw == 0) return float_new(1.0);
    if (isnan(iv)) return float_new(iv);
    if (isnan(iw)) return float_new(iv == 1.0 ? 1.0 : iw);
    if (isinf(iw)) {
        iv = fabs(iv);
        if (iv == 1.0) return float_new(1.0);
        if ((iw > 0.0) == (iv > 1.0)) return float_new(fabs(iw));
        return float_new(0.0);
    }
    if (isinf(iv)) {
        bool odd = is_odd_integer(iw);
        if (iw > 0.0) return float_new(odd ? iv : fabs(iv));
        return float_new(odd ? copysign(0.0, iv) : 0.0);
    }
    if (iv == 0.0) {
        bool odd = is_odd_integer(iw);
        if (iw < 0.0)
            return err_format(&ZeroDivisionErrorType, "0.0 cannot be raised to a negative power");
        return float_new(odd ? iv : 0.0);
    }
    bool negate = false;
    if (iv < 0.0) {
        if (iw != floor(iw))
            return err_format(&ValueErrorType, "complex numbers are not supported by prickle");
        iv = -iv;
        negate = is_odd_integer(iw);
    }
    if (iv == 1.0) return float_new(negate ? -1.0 : 1.0);
    errno = 0;
    double ix = pow(iv, iw);
    if (negate) ix = -ix;
    if (isinf(ix)) {
        return err_raise_args(
            &OverflowErrorType,
            tuple_pack(2, int_from_i64(34), (Value)str_from_cstr("Numerical result out of range")));
    }
    return float_new(ix);
}

Value float_binop(BinOp op, double a, double b) {
    switch (op) {
    case BINOP_ADD: return float_new(a + b);
    case BINOP_SUB: return float_new(a - b);
    case BINOP_MUL: return float_new(a * b);
    case BINOP_TRUEDIV:
        if (b == 0) return err_format(&ZeroDivisionErrorType, "float division by zero");
        return float_new(a / b);
    case BINOP_FLOORDIV:
    case BINOP_MOD: {
        if (b == 0)
            return err_format(&ZeroDivisionErrorType,
                              op == BINOP_MOD ? "float modulo" : "float floor division by zero");
        double mod = fmod(a, b);
        double div = (a - mod) / b;
        if (mod) {
            if ((b < 0) != (mod < 0)) {
                mod += b;
                div -= 1.0;
            }
        } else {
            mod = copysign(0.0, b);
        }
        if (op == BINOP_MOD) return float_new(mod);
        double fl;
        if (div) {
            fl = floor(div);
            if (div - fl > 0.5) fl += 1.0;
        } else {
            fl = copysign(0.0, a / b);
        }
        return float_new(fl);
    }
    case BINOP_POW: return float_pow(a, b);
    default: break;
    }
    return VAL_NOTIMPL;
}

// The double of an int/bool/float operand; false for other types.
static inline bool num_as_double(Value v, double *out) {
    if (val_is_int(v)) {
        *out = (double)int_value(v);
        return true;
    }
    if (v->type == &FloatType) {
        *out = float_value(v);
        return true;
    }
    return false;
}

Value num_binop(BinOp op, Value a, Value b) {
    if (val_is_int(a) && val_is_int(b)) {
        if (op == BINOP_MATMUL) return VAL_NOTIMPL;
        return int_binop(op, int_value(a), int_value(b));
    }
    double x, y;
    if (!num_as_double(a, &x) || !num_as_double(b, &y)) return VAL_NOTIMPL;
    return float_binop(op, x, y);
}

// Compare int64 [i] with the non-nan double [d]: -1, 0 or 1.
static int cmp_int_double(int64_t i, double d) {
    if (d >= 9223372036854775808.0) return -1;
    if (d < -9223372036854775808.0) return 1;
    double fl = floor(d);
    int64_t fi = (int64_t)fl;
    if (i < fi) return -1;
    if (i > fi) return 1;
    return d > fl ? -1 : 0;
}

static Value cmp_result(int c, CmpOp op) {
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

Value num_compare(Value a, Value b, CmpOp op) {
    bool ai = val_is_int(a), bi = val_is_int(b);
    if (ai && bi) {
        int64_t x = int_value(a), y = int_value(b);
        return cmp_result(x < y ? -1 : x > y, op);
    }
    bool af = !ai && a->type == &FloatType, bf = !bi && b->type == &FloatType;
    if (!(ai || af) || !(bi || bf)) return VAL_NOTIMPL;
    if (af && bf) {
        double x = float_value(a), y = float_value(b);
        switch (op) {
        case CMP_LT: return val_bool(x < y);
        case CMP_LE: return val_bool(x <= y);
        case CMP_EQ: return val_bool(x == y);
        case CMP_NE: return val_bool(x != y);
        case CMP_GT: return val_bool(x > y);
        case CMP_GE: return val_bool(x >= y);
        }
    }
    double d = af ? float_value(a) : float_value(b);
    if (isnan(d)) return val_bool(op == CMP_NE);
    int c = ai ? cmp_int_double(int_value(a), d) : -cmp_int_double(int_value(b), d);
    return cmp_result(c, op);
}

// ---- rounding ---------------------------------------------------------------------------

// Round half to even the integer-valued decimal string [s] (digits, no
// sign) at [places] digits left of its end; returns the new double.
Value float_round(double x, int64_t ndigits) {
    if (!isfinite(x) || x == 0) return float_new(x);
    if (ndigits > 323) return float_new(x);
    if (ndigits < -308) return float_new(0.0 * x);
    double r;
    if (ndigits >= 0) {
        int n = snprintf(NULL, 0, "%.*f", (int)ndigits, x);
        char *buf = (char *)gc_alloc_atomic((size_t)n + 1);
        snprintf(buf, (size_t)n + 1, "%.*f", (int)ndigits, x);
        r = strtod(buf, NULL);
    } else {
        // Exact decimal expansion (|x| >= 1 needs at most 52 fraction digits).
        int places = (int)-ndigits;
        double ax = fabs(x);
        int n = snprintf(NULL, 0, "%.60f", ax);
        char *buf = (char *)gc_alloc_atomic((size_t)n + 2);
        snprintf(buf + 1, (size_t)n + 1, "%.60f", ax);
        buf[0] = '0';
        char *dot = strchr(buf, '.');
        int intlen = (int)(dot - buf); // includes the leading '0'
        if (places >= intlen) {
            r = 0.0;
        } else {
            int pos = intlen - places; // first digit dropped
            bool up;
            char c = buf[pos];
            if (c > '5')
                up = true;
            else if (c < '5')
                up = false;
            else {
                bool rest = false;
                for (char *q = buf + pos + 1; *q; q++)
                    if (*q >= '1' && *q <= '9') rest = true;
                up = rest || ((buf[pos - 1] - '0') & 1);
            }
            for (int i = pos; i < intlen; i++) buf[i] = '0';
            buf[intlen] = '\0';
            if (up) {
                int i = pos - 1;
                while (buf[i] == '9') buf[i--] = '0';
                buf[i]++;
            }
            r = strtod(buf, NULL);
        }
        r = copysign(r, x);
    }
    if (isinf(r)) return err_format(&OverflowErrorType, "rounded value too large to represent");
    return float_new(r);
}

// Round int [x] to 10**-ndigits (ndigits < 0), half to even.
static Value int_round(int64_t x, int64_t ndigits) {
    if (ndigits >= 0) return int_from_i64(x);
    if (ndigits < -19) return int_from_i64(0);
    uint64_t pow10 = 1;
    for (int64_t i = 0; i < -ndigits; i++) pow10 *= 10;
    uint64_t ax = x < 0 ? -(uint64_t)x : (uint64_t)x;
    uint64_t q = ax / pow10, rem = ax % pow10;
    uint64_t half = pow10 / 2;
    if (rem > half || (rem == half && (q & 1))) q++;
    unsigned __int128 res = (unsigned __int128)q * pow10;
    if (x < 0) {
        if (res > (unsigned __int128)INT64_MAX + 1) return int_overflow_error();
        return int_from_i64((int64_t)(0 - (uint64_t)res));
    }
    if (res > (unsigned __int128)INT64_MAX) return int_overflow_error();
    return int_from_i64((int64_t)res);
}

// round(x[, ndigits]) for builtin numbers (the lead's builtin round()
// dispatches user __round__ itself).
Value num_round(Value x, Value ndigits) {
    bool has_nd = ndigits && ndigits != VAL_NONE;
    int64_t nd = 0;
    if (has_nd && !obj_to_index(ndigits, &nd)) return VAL_NULL;
    if (val_is_int(x)) return int_round(int_value(x), has_nd ? nd : 0);
    if (val_is(x, &FloatType)) {
        double d = float_value(x);
        if (has_nd) return float_round(d, nd);
        double r = round(d);
        if (fabs(d - r) == 0.5) r = 2.0 * round(d / 2.0);
        return int_from_double(r);
    }
    return err_format(&TypeErrorType, "type %s doesn't define __round__ method", obj_type_name(x));
}

// ---- float slots ------------------------------------------------------------------------

static Value float_repr_slot(Value self) {
    return (Value)float_repr(float_value(self));
}

static int64_t float_hash_slot(Value self) {
    return float_hash(float_value(self));
}

static int float_bool(Value self) {
    return float_value(self) != 0;
}

static Value float_unop(UnOp op, Value a) {
    double d = float_value(a);
    switch (op) {
    case UNOP_NEG: return float_new(-d);
    case UNOP_POS: return a;
    case UNOP_NOT: return val_bool(d == 0);
    default: break;
    }
    return VAL_NOTIMPL;
}

static Value float_from_object(Value x) {
    if (val_is(x, &FloatType)) return x;
    if (val_is_int(x)) return float_new((double)int_value(x));
    Type *t = val_type(x);
    if (t == &StrType) {
        Str *s = (Str *)x;
        if (s->ascii) return float_parse_obj(s->data, s->len, x);
        int64_t n;
        char *buf = num_ascii_digits(s, &n);
        return float_parse_obj(buf, n, x);
    }
    if (t == &BytesType) {
        Bytes *b = (Bytes *)x;
        return float_parse_obj((const char *)b->data, b->len, x);
    }
    if (t->dunders[DUNDER_FLOAT] || t->dunders[DUNDER_INDEX]) {
        double d;
        if (!obj_to_double(x, &d)) return VAL_NULL;
        return float_new(d);
    }
    return err_format(&TypeErrorType,
                      "float() argument must be a string or a real number, not '%s'", t->name);
}

static Value float_new_slot(Type *t, Value *args, int nargs, Tuple *kwnames) {
    if (str_kwcount(kwnames))
        return err_format(&TypeErrorType, "float() takes no keyword arguments");
    if (nargs > 1)
        return err_format(&TypeErrorType, "float expected at most 1 argument, got %d", nargs);
    if (nargs == 0) return float_new(0.0);
    return float_from_object(args[0]);
}

// ---- float methods ----------------------------------------------------------------------

static Value float_is_integer(Value *args, int nargs, Tuple *kwnames) {
    if (!str_check_noargs("float.is_integer", nargs, kwnames)) return VAL_NULL;
    double d = float_value(args[0]);
    return val_bool(isfinite(d) && floor(d) == d);
}

static Value float_conjugate(Value *args, int nargs, Tuple *kwnames) {
    if (!str_check_noargs("float.conjugate", nargs, kwnames)) return VAL_NULL;
    return args[0];
}

static Value float_as_integer_ratio(Value *args, int nargs, Tuple *kwnames) {
    if (!str_check_noargs("float.as_integer_ratio", nargs, kwnames)) return VAL_NULL;
    double d = float_value(args[0]);
    if (isinf(d)) return err_format(&OverflowErrorType, "cannot convert Infinity to integer ratio");
    if (isnan(d)) return err_format(&ValueErrorType, "cannot convert NaN to integer ratio");
    int e;
    double m = frexp(d, &e);
    for (int i = 0; i < 300 && m != floor(m); i++) {
        m *= 2.0;
        e--;
    }
    // d == m * 2**e with m an integer.
    if (e >= 0) {
        if (e >= 63 || fabs(m) >= 9223372036854775808.0 / ldexp(1.0, e))
            return int_overflow_error();
        return (Value)tuple_pack(2, int_from_i64((int64_t)ldexp(m, e)), int_from_i64(1));
    }
    if (-e >= 63) return int_overflow_error();
    return (Value)tuple_pack(2, int_from_i64((int64_t)m), int_from_i64(INT64_C(1) << -e));
}

static Value float_hex(Value *args, int nargs, Tuple *kwnames) {
    if (!str_check_noargs("float.hex", nargs, kwnames)) return VAL_NULL;
    double d = float_value(args[0]);
    if (isnan(d) || isinf(d)) return (Value)float_repr(d);
    if (d == 0) return (Value)str_from_cstr(signbit(d) ? "-0x0.0p+0" : "0x0.0p+0");
    int e;
    double m = frexp(fabs(d), &e);
    // As CPython: normalise to 1.xxx (subnormals keep the minimum exponent).
    int shift = 1 - (DBL_MIN_EXP - e > 0 ? DBL_MIN_EXP - e : 0);
    m = ldexp(m, shift);
    e -= shift;
    StrBuf b;
    strbuf_init(&b);
    if (d < 0) strbuf_putc(&b, '-');
    strbuf_puts(&b, "0x");
    int lead = (int)m;
    strbuf_putc(&b, (char)('0' + lead));
    m -= lead;
    strbuf_putc(&b, '.');
    for (int i = 0; i < 13; i++) {
        m *= 16.0;
        int dg = (int)m;
        strbuf_putc(&b, "0123456789abcdef"[dg]);
        m -= dg;
    }
    strbuf_printf(&b, "p%c%d", e < 0 ? '-' : '+', e < 0 ? -e : e);
    return (Value)strbuf_finish(&b);
}

static Value float_fromhex(Value *args, int nargs, Tuple *kwnames) {
    if (!str_check_pos("fromhex", nargs - 1, kwnames, 1, 1)) return VAL_NULL;
    Value s = args[1];
    if (!val_is(s, &StrType))
        return err_format(&TypeErrorType, "fromhex() argument must be str, not %s",
                          obj_type_name(s));
    Str *str = (Str *)s;
    const char *p = str->data, *e = p + str->len;
    while (p < e && is_space((unsigned char)*p)) p++;
    while (e > p && is_space((unsigned char)e[-1])) e--;
    const char *q = p;
    bool neg = false;
    if (q < e && (*q == '+' || *q == '-')) neg = *q++ == '-';
    if (ci_eq(q, e - q, "inf") || ci_eq(q, e - q, "infinity"))
        return float_new(neg ? -INFINITY : INFINITY);
    if (ci_eq(q, e - q, "nan")) return float_new(NAN);
    if (e - q >= 2 && q[0] == '0' && (q[1] | 0x20) == 'x') q += 2;
    double m = 0;
    int nd = 0, scale = 0;
    bool dot = false;
    for (; q < e; q++) {
        if (*q == '.' && !dot) {
            dot = true;
            continue;
        }
        int v = (*q >= '0' && *q <= '9')                     ? *q - '0'
                : ((*q | 0x20) >= 'a' && (*q | 0x20) <= 'f') ? (*q | 0x20) - 'a' + 10
                                                             : -1;
        if (v < 0) break;
        m = m * 16 + v;
        nd++;
        if (dot) scale -= 4;
    }
    long ex = 0;
    if (nd == 0) goto invalid;
    if (q < e && (*q | 0x20) == 'p') {
        q++;
        bool eneg = false;
        if (q < e && (*q == '+' || *q == '-')) eneg = *q++ == '-';
        if (q >= e) goto invalid;
        for (; q < e && *q >= '0' && *q <= '9'; q++)
            if (ex < 100000) ex = ex * 10 + (*q - '0');
        if (eneg) ex = -ex;
    }
    if (q != e) goto invalid;
    {
        double r = ldexp(m, (int)(ex + scale));
        if (isinf(r))
            return err_format(&OverflowErrorType,
                              "hexadecimal value too large to represent as a float");
        return float_new(neg ? -r : r);
    }
invalid:
    return err_format(&ValueErrorType, "invalid hexadecimal floating-point string");
}

static Value float_format_method(Value *args, int nargs, Tuple *kwnames) {
    if (!str_check_pos("__format__", nargs - 1, kwnames, 1, 1)) return VAL_NULL;
    if (!val_is(args[1], &StrType))
        return err_format(&TypeErrorType, "__format__() argument must be str, not %s",
                          obj_type_name(args[1]));
    extern Str *format_value_spec(Value v, Str * spec);
    return (Value)format_value_spec(args[0], (Str *)args[1]);
}

static Value float_round_method(Value *args, int nargs, Tuple *kwnames) {
    if (!str_check_pos("__round__", nargs - 1, kwnames, 0, 1)) return VAL_NULL;
    return num_round(args[0], nargs > 1 ? args[1] : VAL_NONE);
}

static Value float_trunc_method(Value *args, int nargs, Tuple *kwnames) {
    if (!str_check_noargs("float.__trunc__", nargs, kwnames)) return VAL_NULL;
    return int_from_double(float_value(args[0]));
}

static Value float_floor_method(Value *args, int nargs, Tuple *kwnames) {
    if (!str_check_noargs("float.__floor__", nargs, kwnames)) return VAL_NULL;
    return int_from_double(floor(float_value(args[0])));
}

static Value float_ceil_method(Value *args, int nargs, Tuple *kwnames) {
    if (!str_check_noargs("float.__ceil__", nargs, kwnames)) return VAL_NULL;
    return int_from_double(ceil(float_value(args[0])));
}

static Value float_abs_method(Value *args, int nargs, Tuple *kwnames) {
    if (!str_check_noargs("float.__abs__", nargs, kwnames)) return VAL_NULL;
    return float_new(fabs(float_value(args[0])));
}

static Value float_int_method(Value *args, int nargs, Tuple *kwnames) {
    if (!str_check_noargs("float.__int__", nargs, kwnames)) return VAL_NULL;
    return int_from_double(float_value(args[0]));
}

static Value float_float_method(Value *args, int nargs, Tuple *kwnames) {
    if (!str_check_noargs("float.__float__", nargs, kwnames)) return VAL_NULL;
    return args[0];
}

static Value float_self_getter(Value *args, int nargs, Tuple *kwnames) {
    return args[0];
}

static Value float_zero_getter(Value *args, int nargs, Tuple *kwnames) {
    return float_new(0.0);
}

static const MethodDef float_methods[] = {
    {"__abs__", float_abs_method, 0, NULL},
    {"__int__", float_int_method, 0, NULL},
    {"__float__", float_float_method, 0, NULL},
    {"is_integer", float_is_integer, 0, NULL},
    {"conjugate", float_conjugate, 0, NULL},
    {"as_integer_ratio", float_as_integer_ratio, 0, NULL},
    {"hex", float_hex, 0, NULL},
    {"fromhex", float_fromhex, METH_CLASS, NULL},
    {"__format__", float_format_method, 0, NULL},
    {"__round__", float_round_method, 0, NULL},
    {"__trunc__", float_trunc_method, 0, NULL},
    {"__floor__", float_floor_method, 0, NULL},
    {"__ceil__", float_ceil_method, 0, NULL},
    {NULL, NULL, 0, NULL},
};

Type FloatType = {
    .obj = {&TypeType},
    .name = "float",
    .flags = TF_BASETYPE,
    .inst_size = sizeof(Float),
    .tp_new = float_new_slot,
    .tp_repr = float_repr_slot,
    .tp_hash = float_hash_slot,
    .tp_compare = num_compare,
    .tp_binop = num_binop,
    .tp_unop = float_unop,
    .tp_bool = float_bool,
};

void float_init(void);

// Register the float methods (called from num_init).
void float_init(void) {
    type_add_methods(&FloatType, float_methods);
    strnum_add_dunders(&FloatType, DW_ARITH | DW_UNARY | DW_COMPARE | DW_OBJECT | DW_BOOL);
    strnum_add_getter(&FloatType, "real", float_self_getter);
    strnum_add_getter(&FloatType, "imag", float_zero_getter);
}
