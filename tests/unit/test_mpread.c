// test_mpread.c — the decoder's own msgpack reader (fmt_read_msgpack,
// format/parse.c) against msgpack-c's msgpack_unpack_next, the reference:
// on random documents packed by msgpack-c (every type, every length and
// integer encoding boundary, nesting up to the format's depth), and on
// every truncation and many byte flips of them, both must agree on whether
// the input holds a complete value, on its size, and on the tree
// (msgpack_object_equal, plus the int/float subtypes that compares loosely,
// and floats bit for bit: NaN too).
#include "fmt_impl.h"
#include "vm.h"

#include <msgpack.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// Under AddressSanitizer: msgpack-c allocates what a lying container header
// claims (up to 64 GB) before reading it; let that fail as malloc would
// (msgpack-c then refuses the input), instead of ASan aborting.
const char *__asan_default_options(void);
const char *__asan_default_options(void) {
    return "allocator_may_return_null=1";
}

static int failures, checked;
static uint64_t rng = 0x9E3779B97F4A7C15ull;

static uint64_t next_rand(void) {
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static uint64_t below(uint64_t n) {
    return next_rand() % n;
}

// Integers and lengths at and around every encoding boundary.
static const int64_t ints[] = {
    0,  1,   127, 128,  255,  256,    65535,  65536,         4294967295LL,  4294967296LL, INT64_MAX,
    -1, -32, -33, -128, -129, -32768, -32769, -2147483648LL, -2147483649LL, INT64_MIN};
static const size_t lengths[] = {0, 1, 15, 16, 31, 32, 255, 256, 65535, 65536};

// Bytes a document may still take (a few big strings and arrays, not more).
static size_t budget;

static void pack_random(msgpack_packer *pk, int depth) {
    static char bytes[70000];
    switch (below(depth < 6 && budget > 100 ? 11 : 8)) {
    case 0: msgpack_pack_nil(pk); break;
    case 1: below(2) ? msgpack_pack_true(pk) : msgpack_pack_false(pk); break;
    case 2: msgpack_pack_int64(pk, ints[below(sizeof ints / sizeof ints[0])]); break;
    case 3: msgpack_pack_uint64(pk, UINT64_MAX - below(3)); break;
    case 4: msgpack_pack_double(pk, (double)(int64_t)next_rand() / 7.0); break;
    case 5: msgpack_pack_float(pk, (float)below(1000) / 8.0f); break;
    case 6:
    case 7: {
        size_t n = lengths[below(sizeof lengths / sizeof lengths[0])];
        if (n > budget) n = below(32);
        budget -= n < budget ? n : budget;
        for (size_t k = 0; k < n; k++) bytes[k] = (char)('a' + k % 26);
        if (below(2)) {
            msgpack_pack_str(pk, n);
            msgpack_pack_str_body(pk, bytes, n);
        } else if (below(2)) {
            msgpack_pack_bin(pk, n);
            msgpack_pack_bin_body(pk, bytes, n);
        } else {
            size_t m = below(2) ? n : (size_t)1 << below(5); // fixext sizes too
            msgpack_pack_ext(pk, m, (int8_t)below(128));
            msgpack_pack_ext_body(pk, bytes, m);
        }
        break;
    }
    case 8:
    case 9: {
        size_t n = below(4) ? below(20) : lengths[below(9)];
        if (n > budget) n = below(17);
        budget -= n < budget ? n : budget;
        msgpack_pack_array(pk, n);
        for (size_t k = 0; k < n; k++) pack_random(pk, depth + 1);
        break;
    }
    default: {
        size_t n = below(18);
        msgpack_pack_map(pk, n);
        for (size_t k = 0; k < 2 * n; k++) pack_random(pk, depth + 1);
        break;
    }
    }
}

// msgpack_object_equal treats 1 and 1.0, float32 and float64 alike: also
// compare the types, recursively.
static bool same(const msgpack_object *a, const msgpack_object *b) {
    if (a->type != b->type) return false;
    if (a->type == MSGPACK_OBJECT_FLOAT32 || a->type == MSGPACK_OBJECT_FLOAT64)
        return memcmp(&a->via.f64, &b->via.f64, sizeof(double)) == 0; // NaN too
    if (a->type == MSGPACK_OBJECT_ARRAY) {
        if (a->via.array.size != b->via.array.size) return false;
        for (uint32_t k = 0; k < a->via.array.size; k++)
            if (!same(&a->via.array.ptr[k], &b->via.array.ptr[k])) return false;
        return true;
    }
    if (a->type == MSGPACK_OBJECT_MAP) {
        if (a->via.map.size != b->via.map.size) return false;
        for (uint32_t k = 0; k < a->via.map.size; k++)
            if (!same(&a->via.map.ptr[k].key, &b->via.map.ptr[k].key) ||
                !same(&a->via.map.ptr[k].val, &b->via.map.ptr[k].val))
                return false;
        return true;
    }
    return msgpack_object_equal(*a, *b);
}

static void check(const uint8_t *data, size_t len, const char *what) {
    checked++;
    msgpack_unpacked u;
    msgpack_unpacked_init(&u);
    size_t ref_used = 0;
    msgpack_unpack_return r = msgpack_unpack_next(&u, (const char *)data, len, &ref_used);
    bool ref_ok = r == MSGPACK_UNPACK_SUCCESS || r == MSGPACK_UNPACK_EXTRA_BYTES;
    FmtTree t;
    size_t used = 0;
    const char *why = fmt_read_msgpack(&t, data, len, &used);
    if (ref_ok != !why) {
        failures++;
        fprintf(stderr, "FAIL %s (%zu bytes): msgpack-c %s, fmt_read_msgpack %s\n", what, len,
                ref_ok ? "reads it" : "refuses it", why ? why : "reads it");
    } else if (ref_ok && (used != ref_used || !same(&u.data, &t.top))) {
        failures++;
        fprintf(stderr,
                "FAIL %s (%zu bytes): a different value (%zu vs %zu bytes; type %d vs %d)\n", what,
                len, used, ref_used, (int)t.top.type, (int)u.data.type);
    }
    fmt_tree_free(&t);
    msgpack_unpacked_destroy(&u);
}

int main(int argc, char **argv) {
    vm_init(argc, argv);
    for (int doc = 0; doc < 300; doc++) {
        msgpack_sbuffer sb;
        msgpack_sbuffer_init(&sb);
        msgpack_packer pk;
        msgpack_packer_init(&pk, &sb, msgpack_sbuffer_write);
        budget = 200000;
        pack_random(&pk, 0);
        const uint8_t *data = (const uint8_t *)sb.data;
        char what[64];
        snprintf(what, sizeof what, "document %d", doc);
        check(data, sb.size, what);
        // Truncations: all of them for small documents, a spread otherwise.
        size_t step = sb.size < 512 ? 1 : sb.size / 200;
        for (size_t k = 0; k < sb.size; k += step) {
            snprintf(what, sizeof what, "document %d cut to %zu", doc, k);
            check(data, k, what);
        }
        // Byte flips.
        uint8_t *copy = malloc(sb.size);
        for (int f = 0; f < 40 && sb.size; f++) {
            memcpy(copy, data, sb.size);
            size_t at = below(sb.size);
            copy[at] ^= (uint8_t)(1u << below(8));
            snprintf(what, sizeof what, "document %d flipped at %zu", doc, at);
            check(copy, sb.size, what);
        }
        free(copy);
        msgpack_sbuffer_destroy(&sb);
    }
    // Inputs msgpack never produces: the unused byte, a lying length.
    static const uint8_t bad1[] = {0xc1}, bad2[] = {0xdd, 0xff, 0xff, 0xff, 0xff},
                         bad3[] = {0x92, 0xdb, 0xff, 0xff, 0xff, 0xf0, 0x01};
    check(bad1, sizeof bad1, "0xc1");
    check(bad2, sizeof bad2, "huge array claim");
    check(bad3, sizeof bad3, "huge str claim");
    printf("%d inputs, %d failures\n", checked, failures);
    return failures != 0;
}
