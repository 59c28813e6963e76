// value.h — the Value word: a tagged pointer to a GC object or a small int.
//
// A Value is one machine word. Low bit 1: a 63-bit signed integer stored
// inline (a "small int"). Low bit 0: a pointer to an Obj allocated with the
// Boehm GC (or a static object). VAL_NULL (0) is never a Python value: a
// function returning Value returns VAL_NULL to say "an exception is pending"
// (see err.h). Pointers are never hidden in high bits, so the conservative
// collector always recognises them (DESIGN.md, "Memory").
#ifndef PRICKLE_VALUE_H
#define PRICKLE_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct Obj Obj;
typedef Obj *Value;

#define VAL_NULL ((Value)0)

// Range of integers that fit the inline representation.
#define SMALL_MIN (-(INT64_C(1) << 62))
#define SMALL_MAX ((INT64_C(1) << 62) - 1)

// True if [v] is an inline small int.
static inline bool val_is_small(Value v) {
    return ((uintptr_t)v & 1u) != 0;
}

// The integer held by the small int [v].
static inline int64_t val_small(Value v) {
    return (int64_t)(intptr_t)v >> 1;
}

// A small int Value for [i]; [i] must lie in [SMALL_MIN, SMALL_MAX].
static inline Value val_from_small(int64_t i) {
    return (Value)(uintptr_t)(((uint64_t)i << 1) | 1u);
}

// True if [i] can be stored inline.
static inline bool val_fits_small(int64_t i) {
    return i >= SMALL_MIN && i <= SMALL_MAX;
}

#endif
