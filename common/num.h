// num.h — int (64-bit), bool and float.
//
// int is a signed 64-bit integer on every host: small ints are inline
// (value.h), the rest boxed in Int. Results outside int64 raise
// OverflowError — the one deliberate difference from CPython (README).
#ifndef PRICKLE_NUM_H
#define PRICKLE_NUM_H

#include "object.h"

// An int Value for [i] (inline when it fits).
Value int_from_i64(int64_t i);

// True if [v] is an int or bool (bool is a subclass of int).
static inline bool val_is_int(Value v) {
    return val_is_small(v) || v->type == &IntType || v->type == &BoolType;
}

// The int64 held by the int or bool [v] (precondition: val_is_int(v)).
int64_t int_value(Value v);

// A new float.
Value float_new(double d);

// The double held by the float [v] (precondition: type is float).
static inline double float_value(Value v) {
    return ((Float *)v)->value;
}

// CPython's repr of a double (shortest round-trip, 'r' format).
Str *float_repr(double d);

// Hash of an int / a double, as CPython computes them (mod 2**61 - 1), so
// that set iteration order matches CPython for numbers.
int64_t int_hash(int64_t i);
int64_t float_hash(double d);

// Parse an int literal / int() argument [s] in [base] (0: auto-detect
// prefix, allow underscores as Python does). VAL_NULL + ValueError on error.
Value int_parse(const char *s, int64_t len, int base);

// Parse a float() argument (accepts "inf", "nan", spaces).
Value float_parse(const char *s, int64_t len);

// Arithmetic on two int operands with Python semantics (floor division,
// modulo sign, ** with negative exponent giving a float, OverflowError).
Value int_binop(BinOp op, int64_t a, int64_t b);

// Arithmetic when at least one operand is a float and the other an int/float.
Value float_binop(BinOp op, double a, double b);

// round(x[, ndigits]) for an int/bool/float [x] ([ndigits] VAL_NULL or
// None: round to an int), with CPython's exact half-even results.
// (Additive: the str/num helper.)
Value num_round(Value x, Value ndigits);

// Register number methods and types (called once at start-up).
void num_init(void);

#endif
