// mpwrite.h — a direct msgpack writer for the encoder: one growable byte
// buffer (malloc'd: it holds no pointers) and inline emitters that pick
// exactly the encodings msgpack-c's packer picks (pack_template.h: the
// smallest form for ints, str8 for 32..255 bytes, float64 for doubles), so
// that output is byte-identical to msgpack_pack_*; tests/unit/test_mpwrite.c
// checks that against msgpack-c.
//
// Two layers: mpw_put_* store at a pointer the caller made room for (at most
// MPW_ITEM_MAX bytes each) and return the end; mpw_* make room first.
#ifndef PRICKLE_MPWRITE_H
#define PRICKLE_MPWRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

// The most bytes one scalar or container/str/bin header takes.
#define MPW_ITEM_MAX 9

// A writer starts zeroed and is made ready by mpw_reset.
typedef struct {
    uint8_t *base; // the buffer (malloc'd), NULL before mpw_reset
    uint8_t *pos;  // where the next byte goes
    uint8_t *end;  // the end of the buffer
    // Out of memory: the buffer is gone and output goes to a small sink
    // (dropped) so that emitters need no checks; the caller reports it.
    bool failed;
} MpWriter;

// Make room for [n] more bytes at w->pos (the buffer at least doubles) and
// return w->pos; out of memory: set w->failed and return a sink of
// MPW_ITEM_MAX bytes or more, or NULL if [n] is larger than that.
uint8_t *mpw_grow(MpWriter *w, size_t n);

// Empty [w], leaving [headroom] bytes of room before w->pos (for a prefix
// written last). False (w->failed set) if that memory is not available.
bool mpw_reset(MpWriter *w, size_t headroom);

// Free the buffer of [w]; it is empty and reusable afterwards.
void mpw_free(MpWriter *w);

// The size of the buffer of [w] (0 when it has none).
static inline size_t mpw_capacity(const MpWriter *w) {
    return w->base ? (size_t)(w->end - w->base) : 0;
}

// A pointer to room for [n] bytes at w->pos (NULL only after a failure).
static inline uint8_t *mpw_room(MpWriter *w, size_t n) {
    if (__builtin_expect((size_t)(w->end - w->pos) >= n, 1)) return w->pos;
    return mpw_grow(w, n);
}

// ---- unchecked stores (big-endian, as msgpack wants) ---------------------------------

static inline uint8_t *mpw_put_tag16(uint8_t *p, uint8_t tag, uint16_t x) {
    p[0] = tag;
    p[1] = (uint8_t)(x >> 8);
    p[2] = (uint8_t)x;
    return p + 3;
}

static inline uint8_t *mpw_put_tag32(uint8_t *p, uint8_t tag, uint32_t x) {
    p[0] = tag;
    p[1] = (uint8_t)(x >> 24);
    p[2] = (uint8_t)(x >> 16);
    p[3] = (uint8_t)(x >> 8);
    p[4] = (uint8_t)x;
    return p + 5;
}

static inline uint8_t *mpw_put_tag64(uint8_t *p, uint8_t tag, uint64_t x) {
    p[0] = tag;
    for (int i = 0; i < 8; i++) p[1 + i] = (uint8_t)(x >> (56 - 8 * i));
    return p + 9;
}

// An unsigned int in its smallest form (msgpack_pack_uint8/32/64).
static inline uint8_t *mpw_put_uint(uint8_t *p, uint64_t x) {
    if (x < 128) {
        p[0] = (uint8_t)x;
        return p + 1;
    }
    if (x < 256) {
        p[0] = 0xcc;
        p[1] = (uint8_t)x;
        return p + 2;
    }
    if (x < 65536) return mpw_put_tag16(p, 0xcd, (uint16_t)x);
    if (x < (UINT64_C(1) << 32)) return mpw_put_tag32(p, 0xce, (uint32_t)x);
    return mpw_put_tag64(p, 0xcf, x);
}

// A signed int in its smallest form (msgpack_pack_int64: an int >= 0 takes
// the unsigned forms, -32..-1 a negative fixint).
static inline uint8_t *mpw_put_int(uint8_t *p, int64_t x) {
    if (x >= -32 && x < 128) {
        p[0] = (uint8_t)x;
        return p + 1;
    }
    if (x >= 0) return mpw_put_uint(p, (uint64_t)x);
    if (x >= -128) {
        p[0] = 0xd0;
        p[1] = (uint8_t)x;
        return p + 2;
    }
    if (x >= -32768) return mpw_put_tag16(p, 0xd1, (uint16_t)x);
    if (x >= INT32_MIN) return mpw_put_tag32(p, 0xd2, (uint32_t)x);
    return mpw_put_tag64(p, 0xd3, (uint64_t)x);
}

// The header of an array of [n] items (fixarray, array 16, array 32).
static inline uint8_t *mpw_put_array(uint8_t *p, size_t n) {
    if (n < 16) {
        p[0] = (uint8_t)(0x90 | n);
        return p + 1;
    }
    if (n < 65536) return mpw_put_tag16(p, 0xdc, (uint16_t)n);
    return mpw_put_tag32(p, 0xdd, (uint32_t)n);
}

// The header of a map of [n] pairs (fixmap, map 16, map 32).
static inline uint8_t *mpw_put_map(uint8_t *p, size_t n) {
    if (n < 16) {
        p[0] = (uint8_t)(0x80 | n);
        return p + 1;
    }
    if (n < 65536) return mpw_put_tag16(p, 0xde, (uint16_t)n);
    return mpw_put_tag32(p, 0xdf, (uint32_t)n);
}

// The header of a str of [n] bytes (fixstr, str 8, str 16, str 32).
static inline uint8_t *mpw_put_str_head(uint8_t *p, size_t n) {
    if (n < 32) {
        p[0] = (uint8_t)(0xa0 | n);
        return p + 1;
    }
    if (n < 256) {
        p[0] = 0xd9;
        p[1] = (uint8_t)n;
        return p + 2;
    }
    if (n < 65536) return mpw_put_tag16(p, 0xda, (uint16_t)n);
    return mpw_put_tag32(p, 0xdb, (uint32_t)n);
}

// The header of a bin of [n] bytes (bin 8, bin 16, bin 32).
static inline uint8_t *mpw_put_bin_head(uint8_t *p, size_t n) {
    if (n < 256) {
        p[0] = 0xc4;
        p[1] = (uint8_t)n;
        return p + 2;
    }
    if (n < 65536) return mpw_put_tag16(p, 0xc5, (uint16_t)n);
    return mpw_put_tag32(p, 0xc6, (uint32_t)n);
}

// ---- checked emitters -------------------------------------------------------------------

static inline void mpw_nil(MpWriter *w) {
    *mpw_room(w, 1) = 0xc0;
    w->pos++;
}

static inline void mpw_bool(MpWriter *w, bool b) {
    *mpw_room(w, 1) = b ? 0xc3 : 0xc2;
    w->pos++;
}

static inline void mpw_uint(MpWriter *w, uint64_t x) {
    w->pos = mpw_put_uint(mpw_room(w, MPW_ITEM_MAX), x);
}

static inline void mpw_int(MpWriter *w, int64_t x) {
    w->pos = mpw_put_int(mpw_room(w, MPW_ITEM_MAX), x);
}

// A float 64 (msgpack_pack_double).
static inline void mpw_double(MpWriter *w, double d) {
    uint64_t bits;
    memcpy(&bits, &d, sizeof bits);
    w->pos = mpw_put_tag64(mpw_room(w, MPW_ITEM_MAX), 0xcb, bits);
}

static inline void mpw_array(MpWriter *w, size_t n) {
    w->pos = mpw_put_array(mpw_room(w, MPW_ITEM_MAX), n);
}

static inline void mpw_map(MpWriter *w, size_t n) {
    w->pos = mpw_put_map(mpw_room(w, MPW_ITEM_MAX), n);
}

// [n] raw bytes (the body of a str or bin).
static inline void mpw_raw(MpWriter *w, const void *s, size_t n) {
    uint8_t *p = mpw_room(w, n);
    if (!p) return; // out of memory (w->failed)
    if (n) memcpy(p, s, n);
    w->pos = p + n;
}

// A str: header and the [n] bytes at [s].
static inline void mpw_str(MpWriter *w, const char *s, size_t n) {
    w->pos = mpw_put_str_head(mpw_room(w, MPW_ITEM_MAX), n);
    mpw_raw(w, s, n);
}

// A bin: header and the [n] bytes at [s].
static inline void mpw_bin(MpWriter *w, const void *s, size_t n) {
    w->pos = mpw_put_bin_head(mpw_room(w, MPW_ITEM_MAX), n);
    mpw_raw(w, s, n);
}

// A bin of [n] bytes that the caller stores at the returned pointer (NULL
// only after a failure).
static inline uint8_t *mpw_bin_fill(MpWriter *w, size_t n) {
    w->pos = mpw_put_bin_head(mpw_room(w, MPW_ITEM_MAX), n);
    uint8_t *p = mpw_room(w, n);
    if (p) w->pos = p + n;
    return p;
}

#endif
