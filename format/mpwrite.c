// mpwrite.c — the buffer management of the direct msgpack writer
// (mpwrite.h): growth, reset with room for a prefix, and the out-of-memory
// state in which output is dropped.
#include "mpwrite.h"

#include <stdlib.h>

// Output after an allocation failure lands here and is dropped.
static uint8_t sink[64];

// Switch [w] to the failed state: its buffer is freed, output is dropped.
static uint8_t *fail(MpWriter *w, size_t n) {
    free(w->base);
    w->base = NULL;
    w->failed = true;
    w->pos = sink;
    w->end = sink + sizeof sink;
    return n <= sizeof sink ? sink : NULL;
}

uint8_t *mpw_grow(MpWriter *w, size_t n) {
    if (w->failed) return fail(w, n);
    size_t len = w->base ? (size_t)(w->pos - w->base) : 0;
    size_t cap = mpw_capacity(w);
    if (n > SIZE_MAX / 2 - len) return fail(w, n);
    size_t ncap = cap ? cap * 2 : 4096;
    while (ncap < len + n) ncap *= 2;
    uint8_t *nb = realloc(w->base, ncap);
    if (!nb) return fail(w, n);
    w->base = nb;
    w->pos = nb + len;
    w->end = nb + ncap;
    return w->pos;
}

bool mpw_reset(MpWriter *w, size_t headroom) {
    if (w->failed) mpw_free(w);
    w->pos = w->base;
    if (!w->base || (size_t)(w->end - w->base) < headroom) mpw_grow(w, headroom);
    if (w->failed) return false;
    w->pos += headroom;
    return true;
}

void mpw_free(MpWriter *w) {
    free(w->base); // NULL once failed
    w->base = w->pos = w->end = NULL;
    w->failed = false;
}
