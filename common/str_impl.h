// str_impl.h — private helpers shared by str.c, strformat.c and bytes.c:
// UTF-8 decoding, code-point offsets, argument checks for methods, and the
// Unicode character database (unicode_db.c). Not for other modules.
#ifndef PRICKLE_STR_IMPL_H
#define PRICKLE_STR_IMPL_H

#include "bytes.h"
#include "err.h"
#include "num.h"
#include "str.h"

// Decode the code point at [p] (valid UTF-8 assumed); store its byte length.
static inline uint32_t utf8_decode(const unsigned char *p, int *n) {
    uint32_t c = p[0];
    if (c < 0x80) {
        *n = 1;
        return c;
    }
    if (c < 0xe0) {
        *n = 2;
        return ((c & 0x1f) << 6) | (p[1] & 0x3f);
    }
    if (c < 0xf0) {
        *n = 3;
        return ((c & 0x0f) << 12) | ((uint32_t)(p[1] & 0x3f) << 6) | (p[2] & 0x3f);
    }
    *n = 4;
    return ((c & 0x07) << 18) | ((uint32_t)(p[1] & 0x3f) << 12) | ((uint32_t)(p[2] & 0x3f) << 6) |
           (p[3] & 0x3f);
}

// Byte length of the UTF-8 sequence starting with [c].
static inline int utf8_len(unsigned char c) {
    return c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
}

// Encode [cp] into [out] (4 bytes room); returns the length.
static inline int utf8_encode(uint32_t cp, char *out) {
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xc0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xe0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        out[2] = (char)(0x80 | (cp & 0x3f));
        return 3;
    }
    out[0] = (char)(0xf0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
    out[3] = (char)(0x80 | (cp & 0x3f));
    return 4;
}

// Byte offset of code point number [i] (0 <= i <= nchars) in [s].
int64_t str_cp_offset(Str *s, int64_t i);

// Code point number of byte offset [off] in [s].
int64_t str_cp_index(Str *s, int64_t off);

// A new str from bytes known to be valid UTF-8 with [nchars] code points.
Str *str_new_known(const char *p, int64_t len, int64_t nchars, bool ascii);

// str.expandtabs and bytes.expandtabs: the [len] bytes at [src] with every
// tab expanded to the next multiple of [tabsize] columns (none if
// tabsize <= 0; a newline or carriage return resets the column), columns
// counted in code points if [utf8], else in bytes. Writes the result to
// [out] unless it is NULL; returns its length in bytes and sets [*nchars]
// to its length in columns (code points).
int64_t str_expand_tabs(const uint8_t *src, int64_t len, int64_t tabsize, bool utf8, uint8_t *out,
                        int64_t *nchars);

// The tabsize argument of expandtabs (args[0] is self): 8 by default, a C
// int as in CPython. False with the exception raised.
bool str_expandtabs_arg(Value *args, int nargs, Tuple *kwnames, int64_t *tabsize);

// Number of keyword arguments.
static inline int str_kwcount(Tuple *kwnames) {
    return kwnames ? (int)kwnames->len : 0;
}

// ---- Unicode database (unicode_db.c, generated from CPython 3.11) ----------
enum {
    UC_ALPHA = 1 << 0,
    UC_DECIMAL = 1 << 1,
    UC_DIGIT = 1 << 2,
    UC_NUMERIC = 1 << 3,
    UC_SPACE = 1 << 4,
    UC_LOWER = 1 << 5,
    UC_UPPER = 1 << 6,
    UC_TITLE = 1 << 7,
    UC_PRINTABLE = 1 << 8,
    UC_XID_START = 1 << 9,
    UC_XID_CONTINUE = 1 << 10,
    UC_CASED = 1 << 11,
    UC_CASE_IGNORABLE = 1 << 12,
};

// Property bits (UC_*) of code point [cp].
uint32_t uc_props(uint32_t cp);

// Full case mappings: writes up to 3 code points to [out], returns count.
int uc_upper(uint32_t cp, uint32_t *out);
int uc_lower(uint32_t cp, uint32_t *out);
int uc_title(uint32_t cp, uint32_t *out);
int uc_fold(uint32_t cp, uint32_t *out);

// Decimal value of a decimal digit code point, or -1.
int uc_decimal(uint32_t cp);

// ---- special-method wrappers (str.c) ------------------------------------------

// Groups of special methods to expose on a builtin type, wrapping its C
// slots ((5).__add__(1), 'a'.__len__(), ...).
enum {
    DW_ARITH = 1 << 0,   // __add__ __sub__ __mul__ __truediv__ ... and __r*__ forms
    DW_BITS = 1 << 1,    // __lshift__ __rshift__ __and__ __or__ __xor__ and __r*__
    DW_SEQ_OPS = 1 << 2, // __add__ __mul__ __rmul__ __mod__ __rmod__
    DW_UNARY = 1 << 3,   // __neg__ __pos__ __invert__ (int) / __neg__ __pos__ (float)
    DW_COMPARE = 1 << 4, // __eq__ __ne__ __lt__ __le__ __gt__ __ge__
    DW_OBJECT = 1 << 5,  // __hash__ __repr__ __str__
    DW_BOOL = 1 << 6,    // __bool__
    DW_SEQ = 1 << 7,     // __len__ __getitem__ __contains__ __iter__
    DW_INVERT = 1 << 8,  // __invert__
};

// Add the wrapper methods selected by [mask] to builtin type [t].
void strnum_add_dunders(Type *t, unsigned mask);

// Add a read-only attribute [name] computed by [fn] (called with self) to [t].
void strnum_add_getter(Type *t, const char *name, NativeFn fn);

#endif

// ---- argument parsing (str.c) ------------------------------------------------

// Check a positional-only argument count (args exclude self), with
// CPython's messages ("replace expected at least 2 arguments, got 1").
// Refuses keyword arguments ("%s() takes no keyword arguments").
bool str_check_pos(const char *fname, int nargs, Tuple *kwnames, int min, int max);

// Check a method with no arguments besides self ("str.upper() takes no
// arguments (1 given)"); [qname] is "type.method"; nargs includes self.
bool str_check_noargs(const char *qname, int nargs, Tuple *kwnames);

// Check a METH_O method ("str.join() takes exactly one argument (0 given)");
// nargs includes self.
bool str_check_onearg(const char *qname, int nargs, Tuple *kwnames);

// Parse positional-or-keyword arguments as CPython's argument clinic does.
// [args]/[nargs] exclude self; the last len(kwnames) of them are keywords.
// [names] has [nparams] parameter names, of which the first [min] are
// required and the first [maxpos] may be given positionally (the rest are
// keyword-only). Missing optional arguments are VAL_NULL in [out].
bool str_parse_args(const char *fname, const char *const *names, int nparams, int min, int maxpos,
                    Value *args, int nargs, Tuple *kwnames, Value *out);

// ---- numbers (int.c, float.c) ------------------------------------------------

// The message of the OverflowError raised for results outside int64.
#define INT_OVERFLOW_TEXT "integer overflow (prickle ints are 64-bit)"

// Raise OverflowError for an int64 overflow; returns VAL_NULL.
Value int_overflow_error(void);

// int(d) for a float: truncates; raises for nan/inf/out of range.
Value int_from_double(double d);

// Comparison of int or float values [a] and [b] (either order, any mix of
// int/bool/float); NotImplemented for other types.
Value num_compare(Value a, Value b, CmpOp op);

// The binary operator slot shared by int, bool and float.
Value num_binop(BinOp op, Value a, Value b);

// Map a transformed copy of a non-ASCII str for int()/float(): Unicode
// whitespace becomes ' ', decimal digits become ASCII digits, any other
// non-ASCII character becomes '?'. Returns a NUL-terminated buffer.
char *num_ascii_digits(Str *s, int64_t *len);

// Format an int / a float with a format spec (strformat.c).
Str *int_format(int64_t v, Str *spec);
Str *float_format(double d, Str *spec);

// The repr of bytes [p] of length [len] (b'...').
Str *bytes_repr_raw(const uint8_t *p, int64_t len);

// Hash of raw bytes, equal to the hash of the str with the same bytes.
int64_t bytes_hash_raw(const unsigned char *p, int64_t len);

// The shortest decimal digits that round-trip to the finite, nonzero |d|
// (as CPython's repr chooses them): [digits] receives ndig (<= 17) digits,
// NUL-terminated, and the value is 0.DIGITS * 10**decpt.
void float_shortest(double d, char *digits, int *ndig, int *decpt);

// Round a double to [ndigits] decimal places as CPython's round() does.
Value float_round(double x, int64_t ndigits);

// Check a PyArg_ParseTuple-style positional count ("find() takes at least
// 1 argument (0 given)"); nargs excludes self. Refuses keywords.
bool str_check_tuple_args(const char *fname, int nargs, Tuple *kwnames, int min, int max);

// ---- codecs and formatting entry points --------------------------------------

// The canonical codec name for [name] ("utf-8", "ascii", "latin-1"), or
// NULL with LookupError raised.
const char *codec_lookup(Str *name);

// s.encode(encoding, errors) / b.decode(encoding, errors) (bytes.c);
// [encoding] is a canonical name from codec_lookup.
Value codec_encode(Str *s, const char *encoding, Str *errors);
Value codec_decode(const uint8_t *p, int64_t len, const char *encoding, Str *errors);

// fmt.format(*args, **kwargs) where the last len(kwnames) args are keyword
// values, and fmt.format_map(mapping) (strformat.c).
Value str_format_call(Str *fmt, Value *args, int nargs, Tuple *kwnames);
Value str_format_map(Str *fmt, Value mapping);
