// int.c — the int type (64-bit: inline small ints, boxed Int beyond 62
// bits) and bool: construction and parsing, arithmetic with CPython's
// semantics and overflow checks, hashing, and methods. Mixed int/float
// arithmetic and comparisons are in float.c (num_binop, num_compare).
#include "num.h"

#include "containers.h"
#include "err.h"
#include "ops.h"
#include "str.h"
#include "str_impl.h"
#include "type.h"

#include <math.h>
#include <string.h>

Value int_from_i64(int64_t i) {
    if (val_fits_small(i)) return val_from_small(i);
    Int *o = (Int *)gc_alloc_atomic(sizeof(Int));
    o->obj.type = &IntType;
    o->value = i;
    return (Value)o;
}

int64_t int_value(Value v) {
    if (val_is_small(v)) return val_small(v);
    if (v == VAL_TRUE) return 1;
    if (v == VAL_FALSE) return 0;
    return ((Int *)v)->value;
}

Value int_overflow_error(void) {
    return err_format(&OverflowErrorType, INT_OVERFLOW_TEXT);
}

#define HASH_MODULUS ((UINT64_C(1) << 61) - 1)

int64_t int_hash(int64_t i) {
    uint64_t a = i < 0 ? -(uint64_t)i : (uint64_t)i;
    int64_t h = (int64_t)(a % HASH_MODULUS);
    if (i < 0) h = -h;
    return h == -1 ? -2 : h;
}

Value int_from_double(double d) {
    if (isnan(d)) return err_format(&ValueErrorType, "cannot convert float NaN to integer");
    if (isinf(d)) return err_format(&OverflowErrorType, "cannot convert float infinity to integer");
    d = trunc(d);
    if (d >= 9223372036854775808.0 || d < -9223372036854775808.0) return int_overflow_error();
    return int_from_i64((int64_t)d);
}

// ---- parsing ----------------------------------------------------------------------

static int digit_value(unsigned char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'z') return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
    return 99;
}

static bool is_ascii_space(unsigned char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' ||
           (c >= 0x1c && c <= 0x1f);
}

// Parse [s]; on a syntax error return 0, on overflow -1, else 1 with *out.
static int parse_int(const char *s, int64_t len, int base, int64_t *out) {
    const unsigned char *p = (const unsigned char *)s, *e = p + len;
    while (p < e && is_ascii_space(*p)) p++;
    while (e > p && is_ascii_space(e[-1])) e--;
    bool neg = false;
    if (p < e && (*p == '+' || *p == '-')) neg = *p++ == '-';
    bool leading_zero_rule = false, prefixed = false;
    if (base == 0) {
        if (p < e && *p == '0') {
            if (p + 1 < e && (p[1] == 'x' || p[1] == 'X'))
                base = 16;
            else if (p + 1 < e && (p[1] == 'o' || p[1] == 'O'))
                base = 8;
            else if (p + 1 < e && (p[1] == 'b' || p[1] == 'B'))
                base = 2;
            else
                base = 10, leading_zero_rule = true;
            if (base != 10) p += 2, prefixed = true;
        } else {
            base = 10;
        }
    } else if (p + 1 < e && *p == '0') {
        char c = (char)(p[1] | 0x20);
        if ((base == 16 && c == 'x') || (base == 8 && c == 'o') || (base == 2 && c == 'b'))
            p += 2, prefixed = true;
    }
    // After a prefix one underscore may follow ("0x_ff").
    if (prefixed && p < e && *p == '_') p++;
    if (p >= e) return 0;
    uint64_t acc = 0;
    bool overflow = false, prev_us = true, nonzero = false;
    for (; p < e; p++) {
        if (*p == '_') {
            if (prev_us) return 0;
            prev_us = true;
            continue;
        }
        int d = digit_value(*p);
        if (d >= base) return 0;
        prev_us = false;
        if (d) nonzero = true;
        if (!overflow && (__builtin_mul_overflow(acc, (uint64_t)base, &acc) ||
                          __builtin_add_overflow(acc, (uint64_t)d, &acc)))
            overflow = true;
    }
    if (prev_us) return 0;
    if (leading_zero_rule && nonzero) return 0;
    if (overflow) return -1;
    if (neg) {
        if (acc > (uint64_t)INT64_MAX + 1) return -1;
        *out = (int64_t)(0 - acc);
    } else {
        if (acc > (uint64_t)INT64_MAX) return -1;
        *out = (int64_t)acc;
    }
    return 1;
}

// int(text, base) where [orig] is the original object for the message.
static Value int_parse_obj(const char *s, int64_t len, int base, Value orig) {
    int64_t v;
    int r = parse_int(s, len, base, &v);
    if (r > 0) return int_from_i64(v);
    if (r < 0) return int_overflow_error();
    return err_format(&ValueErrorType, "invalid literal for int() with base %d: %R", base, orig);
}

Value int_parse(const char *s, int64_t len, int base) {
    return int_parse_obj(s, len, base, (Value)str_new(s, len));
}

char *num_ascii_digits(Str *s, int64_t *len) {
    char *buf = (char *)gc_alloc_atomic((size_t)s->nchars + 1);
    const unsigned char *p = (const unsigned char *)s->data, *e = p + s->len;
    int64_t k = 0;
    while (p < e) {
        int n;
        uint32_t c = utf8_decode(p, &n);
        p += n;
        if (c < 0x80)
            buf[k++] = (char)c;
        else if (uc_props(c) & UC_SPACE)
            buf[k++] = ' ';
        else if (uc_decimal(c) >= 0)
            buf[k++] = (char)('0' + uc_decimal(c));
        else
            buf[k++] = '?';
    }
    buf[k] = '\0';
    *len = k;
    return buf;
}

// ---- arithmetic -----------------------------------------------------------------------

// Correctly rounded a / b for int64 operands (b != 0).
static double int_true_divide(int64_t a, int64_t b) {
    const int64_t lim = INT64_C(1) << 53;
    if (a >= -lim && a <= lim && b >= -lim && b <= lim) return (double)a / (double)b;
    bool neg = (a < 0) != (b < 0);
    uint64_t ua = a < 0 ? -(uint64_t)a : (uint64_t)a, ub = b < 0 ? -(uint64_t)b : (uint64_t)b;
    if (ua == 0) return neg ? -0.0 : 0.0;
    int la = 64 - __builtin_clzll(ua), lb = 64 - __builtin_clzll(ub);
    int shift = 56 + lb - la;
    if (shift < 0) shift = 0;
    unsigned __int128 n = (unsigned __int128)ua << shift;
    unsigned __int128 q = n / ub, r = n % ub;
    if (r) q |= 1; // sticky bit: q has at least 56 significant bits
    double d = ldexp((double)q, -shift);
    return neg ? -d : d;
}

static int64_t floordiv64(int64_t a, int64_t b) {
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) q--;
    return q;
}

static int64_t mod64(int64_t a, int64_t b) {
    int64_t m = a % b;
    if (m != 0 && ((m < 0) != (b < 0))) m += b;
    return m;
}

Value int_binop(BinOp op, int64_t a, int64_t b) {
    int64_t r;
    switch (op) {
    case BINOP_ADD:
        if (__builtin_add_overflow(a, b, &r)) return int_overflow_error();
        return int_from_i64(r);
    case BINOP_SUB:
        if (__builtin_sub_overflow(a, b, &r)) return int_overflow_error();
        return int_from_i64(r);
    case BINOP_MUL:
        if (__builtin_mul_overflow(a, b, &r)) return int_overflow_error();
        return int_from_i64(r);
    case BINOP_TRUEDIV:
        if (b == 0) return err_format(&ZeroDivisionErrorType, "division by zero");
        return float_new(int_true_divide(a, b));
    case BINOP_FLOORDIV:
        if (b == 0) return err_format(&ZeroDivisionErrorType, "integer division or modulo by zero");
        if (a == INT64_MIN && b == -1) return int_overflow_error();
        return int_from_i64(floordiv64(a, b));
    case BINOP_MOD:
        if (b == 0) return err_format(&ZeroDivisionErrorType, "integer modulo by zero");
        if (b == -1) return int_from_i64(0);
        return int_from_i64(mod64(a, b));
    case BINOP_POW: {
        if (b < 0) {
            if (a == 0)
                return err_format(&ZeroDivisionErrorType,
                                  "0.0 cannot be raised to a negative power");
            return float_binop(BINOP_POW, (double)a, (double)b);
        }
        int64_t result = 1, base = a;
        uint64_t e = (uint64_t)b;
        if (a == 1 || e == 0) return int_from_i64(1);
        if (a == 0) return int_from_i64(0);
        if (a == -1) return int_from_i64(e & 1 ? -1 : 1);
        while (e) {
            if (e & 1) {
                if (__builtin_mul_overflow(result, base, &result)) return int_overflow_error();
            }
            e >>= 1;
            if (e && __builtin_mul_overflow(base, base, &base)) return int_overflow_error();
        }
        return int_from_i64(result);
    }
    case BINOP_LSHIFT:
        if (b < 0) return err_format(&ValueErrorType, "negative shift count");
        if (a == 0) return int_from_i64(0);
        if (b >= 64) return int_overflow_error();
        r = (int64_t)((uint64_t)a << b);
        if ((r >> b) != a) return int_overflow_error();
        return int_from_i64(r);
    case BINOP_RSHIFT:
        if (b < 0) return err_format(&ValueErrorType, "negative shift count");
        if (b >= 64) return int_from_i64(a < 0 ? -1 : 0);
        return int_from_i64(a >> b);
    case BINOP_AND: return int_from_i64(a & b);
    case BINOP_OR: return int_from_i64(a | b);
    case BINOP_XOR: return int_from_i64(a ^ b);
    default: break;
    }
    return err_format(&TypeErrorType, "unsupported operand type(s) for @: 'int' and 'int'");
}

// ---- int slots --------------------------------------------------------------------------

static Value int_repr(Value self) {
    int64_t v = int_value(self);
    if (v >= 0 && v < 10) return (Value)str_from_codepoint((uint32_t)('0' + v));
    char buf[24];
    int k = 24;
    uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;
    do {
        buf[--k] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0) buf[--k] = '-';
    return (Value)str_new_known(buf + k, 24 - k, 24 - k, true);
}

static int64_t int_hash_slot(Value self) {
    return int_hash(int_value(self));
}

static int int_bool(Value self) {
    return int_value(self) != 0;
}

static Value int_unop(UnOp op, Value a) {
    int64_t x = int_value(a);
    switch (op) {
    case UNOP_NEG:
        if (x == INT64_MIN) return int_overflow_error();
        return int_from_i64(-x);
    case UNOP_POS: return int_from_i64(x);
    case UNOP_INVERT: return int_from_i64(~x);
    case UNOP_NOT: return val_bool(x == 0);
    }
    return VAL_NOTIMPL;
}

// Call a special method found on a user class: dunder(v).
static Value call_dunder(Value d, Value v) {
    return obj_call(d, &v, 1, NULL);
}

// int(x) for one argument without a base.
static Value int_from_object(Value x) {
    if (val_is_int(x)) return int_from_i64(int_value(x));
    Type *t = val_type(x);
    if (t == &FloatType) return int_from_double(float_value(x));
    if (t == &StrType) {
        Str *s = (Str *)x;
        if (s->ascii) return int_parse_obj(s->data, s->len, 10, x);
        int64_t n;
        char *buf = num_ascii_digits(s, &n);
        return int_parse_obj(buf, n, 10, x);
    }
    if (t == &BytesType) {
        Bytes *b = (Bytes *)x;
        return int_parse_obj((const char *)b->data, b->len, 10, x);
    }
    Value d = t->dunders[DUNDER_INT];
    const char *which = "__int__";
    if (!d) d = t->dunders[DUNDER_INDEX], which = "__index__";
    if (!d && (t->flags & TF_HEAPTYPE)) {
        d = type_lookup(t, str_intern_cstr("__trunc__"));
        which = "__trunc__";
        if (d) {
            Value r = call_dunder(d, x);
            if (!r) return VAL_NULL;
            if (val_is_int(r)) return int_from_i64(int_value(r));
            return int_from_object(r);
        }
    }
    if (d) {
        Value r = call_dunder(d, x);
        if (!r) return VAL_NULL;
        if (!val_is_int(r))
            return err_format(&TypeErrorType, "%s returned non-int (type %s)", which,
                              obj_type_name(r));
        return int_from_i64(int_value(r));
    }
    return err_format(&TypeErrorType,
                      "int() argument must be a string, a bytes-like object or a real number, "
                      "not '%s'",
                      obj_type_name(x));
}

static Value int_new(Type *t, Value *args, int nargs, Tuple *kwnames) {
    static const char *const names[] = {"", "base"};
    Value a[2];
    int nkw = str_kwcount(kwnames);
    // x is positional-only; base may be a keyword.
    for (int i = 0; i < nkw; i++) {
        Str *k = (Str *)kwnames->items[i];
        if (!str_eq_cstr(k, "base"))
            return err_format(&TypeErrorType, "'%S' is an invalid keyword argument for int()", k);
    }
    if (nargs - nkw > 2)
        return err_format(&TypeErrorType, "int() takes at most 2 arguments (%d given)", nargs);
    if (!str_parse_args("int", names, 2, 0, 2, args, nargs, kwnames, a)) return VAL_NULL;
    if (!a[1]) return a[0] ? int_from_object(a[0]) : int_from_i64(0);
    if (!a[0]) return err_format(&TypeErrorType, "int() missing string argument");
    int64_t base;
    if (!obj_to_int64(a[1], &base)) return VAL_NULL;
    if (base != 0 && (base < 2 || base > 36))
        return err_format(&ValueErrorType, "int() base must be >= 2 and <= 36, or 0");
    Value x = a[0];
    if (val_is(x, &StrType)) {
        Str *s = (Str *)x;
        if (s->ascii) return int_parse_obj(s->data, s->len, (int)base, x);
        int64_t n;
        char *buf = num_ascii_digits(s, &n);
        return int_parse_obj(buf, n, (int)base, x);
    }
    if (val_is(x, &BytesType)) {
        Bytes *b = (Bytes *)x;
        return int_parse_obj((const char *)b->data, b->len, (int)base, x);
    }
    return err_format(&TypeErrorType, "int() can't convert non-string with explicit base");
}

// ---- int methods -------------------------------------------------------------------------

static Value int_bit_length(Value *args, int nargs, Tuple *kwnames) {
    if (!str_check_noargs("int.bit_length", nargs, kwnames)) return VAL_NULL;
    int64_t x = int_value(args[0]);
    uint64_t u = x < 0 ? -(uint64_t)x : (uint64_t)x;
    return int_from_i64(u ? 64 - __builtin_clzll(u) : 0);
}

static Value int_bit_count(Value *args, int nargs, Tuple *kwnames) {
    if (!str_check_noargs("int.bit_count", nargs, kwnames)) return VAL_NULL;
    int64_t x = int_value(args[0]);
    uint64_t u = x < 0 ? -(uint64_t)x : (uint64_t)x;
    return int_from_i64(__builtin_popcountll(u));
}

static Value int_conjugate(Value *args, int nargs, Tuple *kwnames) {
    if (!str_check_noargs("int.conjugate", nargs, kwnames)) return VAL_NULL;
    return int_from_i64(int_value(args[0]));
}

static Value int_as_integer_ratio(Value *args, int nargs, Tuple *kwnames) {
    if (!str_check_noargs("int.as_integer_ratio", nargs, kwnames)) return VAL_NULL;
    return (Value)tuple_pack(2, int_from_i64(int_value(args[0])), int_from_i64(1));
}

static Value int_index_method(Value *args, int nargs, Tuple *kwnames) {
    if (!str_check_noargs("int.__index__", nargs, kwnames)) return VAL_NULL;
    return int_from_i64(int_value(args[0]));
}

static Value int_float_method(Value *args, int nargs, Tuple *kwnames) {
    if (!str_check_noargs("int.__float__", nargs, kwnames)) return VAL_NULL;
    return float_new((double)int_value(args[0]));
}

// Parse the byteorder argument: 1 little, 0 big, -1 error.
static int byteorder_arg(Value v) {
    if (!v) return 0;
    if (!val_is(v, &StrType)) {
        err_format(&TypeErrorType, "to_bytes() argument 'byteorder' must be str, not %s",
                   obj_type_name(v));
        return -1;
    }
    if (str_eq_cstr((Str *)v, "little")) return 1;
    if (str_eq_cstr((Str *)v, "big")) return 0;
    err_format(&ValueErrorType, "byteorder must be either 'little' or 'big'");
    return -1;
}

static Value int_to_bytes(Value *args, int nargs, Tuple *kwnames) {
    static const char *const names[] = {"length", "byteorder", "signed"};
    Value a[3];
    if (!str_parse_args("to_bytes", names, 3, 0, 2, args + 1, nargs - 1, kwnames, a))
        return VAL_NULL;
    int64_t length = 1;
    if (a[0] && !obj_to_int64(a[0], &length)) return VAL_NULL;
    if (length < 0) return err_format(&ValueErrorType, "length argument must be non-negative");
    int little = byteorder_arg(a[1]);
    if (little < 0) return VAL_NULL;
    int sgn = 0;
    if (a[2] && (sgn = obj_truth(a[2])) < 0) return VAL_NULL;
    int64_t x = int_value(args[0]);
    if (x < 0 && !sgn)
        return err_format(&OverflowErrorType, "can't convert negative int to unsigned");
    // Check that x fits in length bytes.
    bool fits;
    if (length >= 8)
        fits = true;
    else if (sgn) {
        int64_t lim = length == 0 ? 0 : (INT64_C(1) << (8 * length - 1));
        fits = length == 0 ? x == 0 : (x >= -lim && x < lim);
    } else {
        fits = length == 0 ? x == 0 : (uint64_t)x < (UINT64_C(1) << (8 * length));
    }
    if (!fits) return err_format(&OverflowErrorType, "int too big to convert");
    if (!gc_size_ok((uint64_t)length + 1)) return VAL_NULL;
    uint8_t *buf = (uint8_t *)gc_alloc_atomic((size_t)length + 1);
    for (int64_t i = 0; i < length; i++) {
        uint8_t byte = i < 8 ? (uint8_t)((uint64_t)x >> (8 * i)) : (x < 0 ? 0xff : 0);
        buf[little ? i : length - 1 - i] = byte;
    }
    return bytes_from_raw(buf, length);
}

static Value int_from_bytes(Value *args, int nargs, Tuple *kwnames) {
    static const char *const names[] = {"bytes", "byteorder", "signed"};
    Value a[3];
    if (!str_parse_args("from_bytes", names, 3, 1, 2, args + 1, nargs - 1, kwnames, a))
        return VAL_NULL;
    const uint8_t *p;
    int64_t len;
    if (val_is(a[0], &BytesType)) {
        p = ((Bytes *)a[0])->data;
        len = ((Bytes *)a[0])->len;
    } else if (val_is(a[0], &ListType) || val_is(a[0], &TupleType)) {
        Value b = bytes_from_object(a[0]);
        if (!b) return VAL_NULL;
        p = ((Bytes *)b)->data;
        len = ((Bytes *)b)->len;
    } else {
        return err_format(&TypeErrorType, "cannot convert '%s' object to bytes",
                          obj_type_name(a[0]));
    }
    int little = byteorder_arg(a[1]);
    if (little < 0) return VAL_NULL;
    int sgn = 0;
    if (a[2] && (sgn = obj_truth(a[2])) < 0) return VAL_NULL;
    uint64_t acc = 0;
    bool negative = sgn && len > 0 && (little ? p[len - 1] : p[0]) >= 0x80;
    uint8_t ext = negative ? 0xff : 0;
    for (int64_t k = 0; k < len; k++) {
        int64_t i = little ? len - 1 - k : k; // most significant first
        if (k < len - 8) {
            if (p[i] != ext) return int_overflow_error();
            continue;
        }
        acc = (acc << 8) | p[i];
    }
    if (negative) {
        if (len < 8) acc |= ~UINT64_C(0) << (8 * len);
        int64_t v = (int64_t)acc;
        if (v >= 0) return int_overflow_error();
        return int_from_i64(v);
    }
    if (acc > (uint64_t)INT64_MAX) return int_overflow_error();
    return int_from_i64((int64_t)acc);
}

static Value int_format_method(Value *args, int nargs, Tuple *kwnames) {
    if (!str_check_pos("__format__", nargs - 1, kwnames, 1, 1)) return VAL_NULL;
    if (!val_is(args[1], &StrType))
        return err_format(&TypeErrorType, "__format__() argument must be str, not %s",
                          obj_type_name(args[1]));
    extern Str *format_value_spec(Value v, Str * spec);
    return (Value)format_value_spec(args[0], (Str *)args[1]);
}

static Value int_round_method(Value *args, int nargs, Tuple *kwnames) {
    if (!str_check_pos("__round__", nargs - 1, kwnames, 0, 1)) return VAL_NULL;
    extern Value num_round(Value x, Value ndigits);
    return num_round(args[0], nargs > 1 ? args[1] : VAL_NONE);
}

static Value int_abs_method(Value *args, int nargs, Tuple *kwnames) {
    if (!str_check_noargs(val_is(args[0], &BoolType) ? "bool.__abs__" : "int.__abs__", nargs,
                          kwnames))
        return VAL_NULL;
    int64_t x = int_value(args[0]);
    if (x == INT64_MIN) return int_overflow_error();
    return int_from_i64(x < 0 ? -x : x);
}

static Value int_int_method(Value *args, int nargs, Tuple *kwnames) {
    if (!str_check_noargs("int.__int__", nargs, kwnames)) return VAL_NULL;
    return int_from_i64(int_value(args[0]));
}

static Value int_self_getter(Value *args, int nargs, Tuple *kwnames) {
    return int_from_i64(int_value(args[0]));
}

static Value int_zero_getter(Value *args, int nargs, Tuple *kwnames) {
    return int_from_i64(0);
}

static Value int_one_getter(Value *args, int nargs, Tuple *kwnames) {
    return int_from_i64(1);
}

static const MethodDef int_methods[] = {
    {"__abs__", int_abs_method, 0, NULL},
    {"__int__", int_int_method, 0, NULL},
    {"__trunc__", int_int_method, 0, NULL},
    {"__floor__", int_int_method, 0, NULL},
    {"__ceil__", int_int_method, 0, NULL},
    {"bit_length", int_bit_length, 0, NULL},
    {"bit_count", int_bit_count, 0, NULL},
    {"conjugate", int_conjugate, 0, NULL},
    {"as_integer_ratio", int_as_integer_ratio, 0, NULL},
    {"to_bytes", int_to_bytes, 0, NULL},
    {"from_bytes", int_from_bytes, METH_CLASS, NULL},
    {"__index__", int_index_method, 0, NULL},
    {"__float__", int_float_method, 0, NULL},
    {"__format__", int_format_method, 0, NULL},
    {"__round__", int_round_method, 0, NULL},
    {NULL, NULL, 0, NULL},
};

Type IntType = {
    .obj = {&TypeType},
    .name = "int",
    .flags = TF_BASETYPE,
    .inst_size = sizeof(Int),
    .tp_new = int_new,
    .tp_repr = int_repr,
    .tp_hash = int_hash_slot,
    .tp_compare = num_compare,
    .tp_binop = num_binop,
    .tp_unop = int_unop,
    .tp_bool = int_bool,
};

// ---- bool -------------------------------------------------------------------------------

static Value bool_repr(Value self) {
    return (Value)str_intern_cstr(self == VAL_TRUE ? "True" : "False");
}

static Value bool_new(Type *t, Value *args, int nargs, Tuple *kwnames) {
    if (str_kwcount(kwnames))
        return err_format(&TypeErrorType, "bool() takes no keyword arguments");
    if (nargs > 1)
        return err_format(&TypeErrorType, "bool expected at most 1 argument, got %d", nargs);
    if (nargs == 0) return VAL_FALSE;
    int r = obj_truth(args[0]);
    if (r < 0) return VAL_NULL;
    return val_bool(r);
}

static Value bool_binop(BinOp op, Value a, Value b) {
    if ((op == BINOP_AND || op == BINOP_OR || op == BINOP_XOR) && val_is(a, &BoolType) &&
        val_is(b, &BoolType)) {
        bool x = a == VAL_TRUE, y = b == VAL_TRUE;
        return val_bool(op == BINOP_AND ? (x & y) : op == BINOP_OR ? (x | y) : (x ^ y));
    }
    return num_binop(op, a, b);
}

Type BoolType = {
    .obj = {&TypeType},
    .name = "bool",
    .base = &IntType,
    .inst_size = sizeof(Obj),
    .tp_new = bool_new,
    .tp_repr = bool_repr,
    .tp_hash = int_hash_slot,
    .tp_compare = num_compare,
    .tp_binop = bool_binop,
    .tp_unop = int_unop,
    .tp_bool = int_bool,
};

// Register int and float methods (float_init is in float.c).
void float_init(void);

void num_init(void) {
    type_add_methods(&IntType, int_methods);
    strnum_add_dunders(&IntType, DW_ARITH | DW_BITS | DW_UNARY | DW_INVERT | DW_COMPARE |
                                     DW_OBJECT | DW_BOOL);
    strnum_add_getter(&IntType, "real", int_self_getter);
    strnum_add_getter(&IntType, "imag", int_zero_getter);
    strnum_add_getter(&IntType, "numerator", int_self_getter);
    strnum_add_getter(&IntType, "denominator", int_one_getter);
    // bool's own slots differ from int's (repr, &|^).
    strnum_add_dunders(&BoolType, DW_OBJECT | DW_BITS);
    float_init();
}
