// bytes.h — the bytes type (immutable byte strings) and its iterator.
#ifndef PRICKLE_BYTES_H
#define PRICKLE_BYTES_H

#include "object.h"

// A new bytes object holding a copy of [len] bytes at [p].
Value bytes_from_raw(const uint8_t *p, int64_t len);

// bytes(x) for one argument: an int (zero bytes), bytes, or an iterable of
// ints in range(256). VAL_NULL + error otherwise.
Value bytes_from_object(Value x);

// bytes_iterator: [index] is the next position; bytes is NULL once exhausted.
typedef struct {
    Obj obj;
    Bytes *bytes;
    int64_t index;
} BytesIter;

extern Type BytesIterType;

// Register the bytes methods (called once at start-up, from str_init).
void bytes_init(void);

#endif
