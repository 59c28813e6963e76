// test_mpwrite.c — the encoder's direct msgpack writer (format/mpwrite.h)
// against msgpack-c's packer, the reference it replaced: every emitter must
// write exactly the bytes of the msgpack_pack_* call the encoder made
// before (int64 for signed ints, uint8/uint32/uint64 for unsigned ones,
// str/bin/array/map headers, float64), at every encoding boundary and on
// random values; plus one long mixed stream (buffer growth), the headroom
// kept by mpw_reset and the out-of-memory state.
#include "mpwrite.h"

#include <float.h>
#include <math.h>
#include <msgpack.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures, checked;
static uint64_t rng = 0x9E3779B97F4A7C15ull;

static uint64_t next_rand(void) {
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

// The reference packer and the writer under test, both emptied by start().
static msgpack_sbuffer ref;
static msgpack_packer pk;
static MpWriter w;
static size_t w_start; // where the writer's output begins (the buffer may move)

static void start(void) {
    msgpack_sbuffer_clear(&ref);
    if (!mpw_reset(&w, 0)) {
        fprintf(stderr, "mpw_reset: out of memory\n");
        exit(2);
    }
    w_start = (size_t)(w.pos - w.base);
}

// Compare the bytes written since start(); [what] and [x] name the case.
static void check(const char *what, long long x) {
    checked++;
    const uint8_t *out = w.base + w_start;
    size_t n = (size_t)(w.pos - out);
    if (!w.failed && n == ref.size && memcmp(out, ref.data, n) == 0) return;
    if (++failures <= 20) {
        fprintf(stderr, "FAIL %s(%lld): writer %zu bytes, msgpack-c %zu bytes:", what, x, n,
                ref.size);
        for (size_t i = 0; i < n && i < 12; i++) fprintf(stderr, " %02x", out[i]);
        fprintf(stderr, " | ");
        for (size_t i = 0; i < ref.size && i < 12; i++)
            fprintf(stderr, " %02x", (uint8_t)ref.data[i]);
        fprintf(stderr, "\n");
    }
}

// ---- scalars ------------------------------------------------------------------------------

static void check_int(int64_t x) {
    start();
    mpw_int(&w, x);
    msgpack_pack_int64(&pk, x);
    check("int", (long long)x);
}

static void check_uint(uint64_t x) {
    start();
    mpw_uint(&w, x);
    msgpack_pack_uint64(&pk, x);
    check("uint/uint64", (long long)x);
    if (x <= UINT32_MAX) {
        start();
        mpw_uint(&w, x);
        msgpack_pack_uint32(&pk, (uint32_t)x);
        check("uint/uint32", (long long)x);
    }
    if (x <= UINT8_MAX) {
        start();
        mpw_uint(&w, x);
        msgpack_pack_uint8(&pk, (uint8_t)x);
        check("uint/uint8", (long long)x);
    }
}

static void check_double(double d) {
    start();
    mpw_double(&w, d);
    msgpack_pack_double(&pk, d);
    int64_t bits; // (named by its bits: a double may not fit a long long)
    memcpy(&bits, &d, sizeof bits);
    check("double bits", (long long)bits);
}

static void test_ints(void) {
    static const int64_t edges[] = {0,
                                    1,
                                    127,
                                    128,
                                    255,
                                    256,
                                    65535,
                                    65536,
                                    (INT64_C(1) << 32) - 1,
                                    INT64_C(1) << 32,
                                    INT64_MAX,
                                    -1,
                                    -32,
                                    -33,
                                    -128,
                                    -129,
                                    -32768,
                                    -32769,
                                    INT32_MIN,
                                    (int64_t)INT32_MIN - 1,
                                    INT64_MIN};
    for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++) {
        for (int64_t d = -2; d <= 2; d++) {
            int64_t x = edges[i];
            if ((d > 0 && x > INT64_MAX - d) || (d < 0 && x < INT64_MIN - d)) continue;
            check_int(x + d);
            if (x + d >= 0) check_uint((uint64_t)(x + d));
        }
    }
    check_uint(UINT64_MAX);
    check_uint(UINT64_MAX - 1);
    check_uint((uint64_t)INT64_MAX + 1);
    for (int i = 0; i < 200000; i++) {
        // Every magnitude: a random value shifted down by 0..63 bits.
        unsigned shift = (unsigned)(next_rand() % 64);
        uint64_t r = next_rand() >> shift;
        check_uint(r);
        check_int((int64_t)r);
        check_int(-(int64_t)(r >> 1) - 1);
    }
}

static void test_doubles(void) {
    static const double edges[] = {0.0,   1.0,     -1.0,    1.5,     -2.25,       3.141592653589793,
                                   1e300, -1e-300, DBL_MIN, DBL_MAX, DBL_TRUE_MIN};
    for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++) check_double(edges[i]);
    check_double(-0.0);
    check_double(INFINITY);
    check_double(-INFINITY);
    check_double(NAN);
    for (int i = 0; i < 100000; i++) {
        uint64_t bits = next_rand();
        double d;
        memcpy(&d, &bits, sizeof d);
        check_double(d);
    }
}

static void test_constants(void) {
    start();
    mpw_nil(&w);
    msgpack_pack_nil(&pk);
    check("nil", 0);
    for (int b = 0; b < 2; b++) {
        start();
        mpw_bool(&w, b);
        if (b)
            msgpack_pack_true(&pk);
        else
            msgpack_pack_false(&pk);
        check("bool", b);
    }
}

// ---- str, bin, array, map -------------------------------------------------------------------

static const size_t lengths[] = {0,   1,     15,    16,    31,    32,   33,   255,    256,
                                 257, 65535, 65536, 65537, 70000, 4095, 4096, 1 << 20};

static void test_raw(void) {
    size_t max = 1 << 20;
    char *body = malloc(max);
    for (size_t i = 0; i < max; i++) body[i] = (char)('a' + i % 26);
    for (size_t i = 0; i < sizeof lengths / sizeof lengths[0]; i++) {
        size_t n = lengths[i];
        start();
        mpw_str(&w, body, n);
        msgpack_pack_str(&pk, n);
        msgpack_pack_str_body(&pk, body, n);
        check("str", (long long)n);
        start();
        mpw_bin(&w, body, n);
        msgpack_pack_bin(&pk, n);
        msgpack_pack_bin_body(&pk, body, n);
        check("bin", (long long)n);
        start();
        uint8_t *p = mpw_bin_fill(&w, n);
        if (p && n) memcpy(p, body, n);
        msgpack_pack_bin(&pk, n);
        msgpack_pack_bin_body(&pk, body, n);
        check("bin_fill", (long long)n);
    }
    free(body);
}

static void test_containers(void) {
    for (size_t i = 0; i < sizeof lengths / sizeof lengths[0]; i++) {
        size_t n = lengths[i];
        start();
        mpw_array(&w, n);
        msgpack_pack_array(&pk, n);
        check("array", (long long)n);
        start();
        mpw_map(&w, n);
        msgpack_pack_map(&pk, n);
        check("map", (long long)n);
    }
    static const size_t big[] = {UINT32_MAX - 1, UINT32_MAX};
    for (size_t i = 0; i < 2; i++) {
        start();
        mpw_array(&w, big[i]);
        msgpack_pack_array(&pk, big[i]);
        check("array", (long long)big[i]);
        start();
        mpw_map(&w, big[i]);
        msgpack_pack_map(&pk, big[i]);
        check("map", (long long)big[i]);
    }
}

// ---- one long stream, headroom ------------------------------------------------------------

// Many random items into one buffer: growth keeps what was written.
static void test_stream(void) {
    start();
    char body[300];
    memset(body, 'x', sizeof body);
    for (int i = 0; i < 300000; i++) {
        uint64_t r = next_rand();
        size_t n = (size_t)(r >> 8) % sizeof body;
        switch (r % 6) {
        case 0:
            mpw_int(&w, (int64_t)(r >> (r % 64)));
            msgpack_pack_int64(&pk, (int64_t)(r >> (r % 64)));
            break;
        case 1:
            mpw_uint(&w, r >> 20);
            msgpack_pack_uint64(&pk, r >> 20);
            break;
        case 2:
            mpw_str(&w, body, n);
            msgpack_pack_str(&pk, n);
            msgpack_pack_str_body(&pk, body, n);
            break;
        case 3:
            mpw_bin(&w, body, n);
            msgpack_pack_bin(&pk, n);
            msgpack_pack_bin_body(&pk, body, n);
            break;
        case 4:
            mpw_array(&w, n * 250);
            msgpack_pack_array(&pk, n * 250);
            break;
        default:
            mpw_nil(&w);
            msgpack_pack_nil(&pk);
            break;
        }
    }
    check("stream", 300000);
}

// mpw_reset keeps the requested room before the first byte, also when it
// must grow for it, and the buffer is reusable after mpw_free.
static void test_headroom(void) {
    static const size_t rooms[] = {0, 1, 80, 4096, 100000};
    for (size_t i = 0; i < sizeof rooms / sizeof rooms[0]; i++) {
        checked++;
        if (!mpw_reset(&w, rooms[i]) || (size_t)(w.pos - w.base) != rooms[i]) {
            failures++;
            fprintf(stderr, "FAIL mpw_reset(%zu): room %zu\n", rooms[i], (size_t)(w.pos - w.base));
        }
        w_start = rooms[i];
        msgpack_sbuffer_clear(&ref);
        mpw_str(&w, "hello", 5);
        msgpack_pack_str(&pk, 5);
        msgpack_pack_str_body(&pk, "hello", 5);
        check("after headroom", (long long)rooms[i]);
        mpw_free(&w);
    }
}

// A request that cannot be met puts the writer in the failed state: output
// is dropped (small items go to a sink, big ones are refused) and
// mpw_reset makes it usable again.
static void test_failure(void) {
    start();
    mpw_str(&w, "abc", 3);
    checked++;
    uint8_t *p = mpw_room(&w, SIZE_MAX - 16);
    if (p || !w.failed) {
        failures++;
        fprintf(stderr, "FAIL: an impossible request did not fail\n");
    }
    for (int i = 0; i < 1000; i++) mpw_int(&w, -(int64_t)i * 1000003);
    checked++;
    if (mpw_room(&w, 1000) || mpw_bin_fill(&w, 1000) || !w.failed || w.base) {
        failures++;
        fprintf(stderr, "FAIL: a failed writer accepted a big request\n");
    }
    mpw_str(&w, "abc", 3);
    start();
    mpw_int(&w, -5);
    msgpack_pack_int64(&pk, -5);
    check("after failure", -5);
}

int main(void) {
    msgpack_sbuffer_init(&ref);
    msgpack_packer_init(&pk, &ref, msgpack_sbuffer_write);
    test_ints();
    test_doubles();
    test_constants();
    test_raw();
    test_containers();
    test_stream();
    test_headroom();
    test_failure();
    mpw_free(&w);
    msgpack_sbuffer_destroy(&ref);
    printf("test_mpwrite: %d checks, %d failures\n", checked, failures);
    return failures ? 1 : 0;
}
