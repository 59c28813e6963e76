// stats.c — what a pickle is made of, for benchmarks and size studies
// (bench/pickle/): the number and encoded bytes of its records per kind,
// and the part that only code objects account for. Works on the raw
// msgpack after the shared parse and shape checks (parse.c), like dis.c:
// nothing is decoded.
#include "err.h"
#include "fmt_impl.h"

#include <string.h>

_Static_assert(K_MAX_PLUS_ONE <= FMT_STATS_KINDS, "FMT_STATS_KINDS is too small for kinds.def");

const char *fmt_kind_name(unsigned kind) {
    return kind < K_MAX_PLUS_ONE ? fmt_kinds[kind].name : NULL;
}

// Skip an array header at [*pos]; false if there is none.
static bool skip_array_header(const uint8_t *p, size_t len, size_t *pos) {
    if (*pos >= len) return false;
    uint8_t b = p[*pos];
    size_t n = (b & 0xf0) == 0x90 ? 1 : b == 0xdc ? 3 : b == 0xdd ? 5 : 0;
    if (!n || *pos + n > len) return false;
    *pos += n;
    return true;
}

// Mark every record reachable from [root] through references, not entering
// records of kind [stop] (0: none) and not marking them. [seen] is zeroed
// by the caller; [stack] has room for [n] ids.
static void mark(const msgpack_object *recs, const uint8_t *kinds, uint32_t n, uint32_t root,
                 uint8_t stop, uint8_t *seen, uint32_t *stack) {
    uint32_t top = 0;
    if (kinds[root] == stop) return;
    seen[root] = 1;
    stack[top++] = root;
    while (top > 0) {
        uint32_t i = stack[--top];
        const msgpack_object *f = recs[i].via.array.ptr + 1;
        const char *shape = fmt_kinds[kinds[i]].shape;
        for (size_t k = 0; shape[k]; k++) {
            const msgpack_object *refs = &f[k];
            uint32_t m = 1;
            if (shape[k] == 'A') {
                refs = f[k].via.array.ptr;
                m = f[k].via.array.size;
            } else if (shape[k] != 'R' && shape[k] != 'r') {
                continue;
            }
            for (uint32_t j = 0; j < m; j++) {
                if (refs[j].type != MSGPACK_OBJECT_POSITIVE_INTEGER) continue; // nil
                uint32_t r = (uint32_t)refs[j].via.u64; // < n: fmt_check_shape
                if (seen[r] || kinds[r] == stop) continue;
                seen[r] = 1;
                stack[top++] = r; // each record is pushed at most once: top <= n
            }
        }
    }
}

bool fmt_stats(const uint8_t *data, size_t len, FmtStats *st) {
    memset(st, 0, sizeof *st);
    FmtTree u;
    uint32_t root = 0;
    bool ok = false;
    const msgpack_object *objs = fmt_parse(&u, data, len, &root);
    if (!objs) goto done;
    const msgpack_object *recs = objs->via.array.ptr;
    uint32_t n = objs->via.array.size;
    uint8_t *kinds = gc_alloc_atomic(n);
    for (uint32_t i = 0; i < n; i++)
        if (!fmt_check_shape(recs, n, i, &kinds[i])) goto done;

    // The byte span of every record: skip the header array's first five
    // values (magic, versions, info, root), then walk the object table.
    uint64_t *size = gc_alloc_atomic((size_t)n * sizeof *size);
    size_t pos = 0;
    bool spans = skip_array_header(data, len, &pos);
    for (int k = 0; spans && k < 5; k++) spans = !fmt_skip_value(data, len, &pos);
    spans = spans && skip_array_header(data, len, &pos);
    for (uint32_t i = 0; spans && i < n; i++) {
        size_t start = pos;
        spans = !fmt_skip_value(data, len, &pos);
        size[i] = pos - start;
    }
    if (!spans || pos != len) {
        err_format(fmt_unpickling_error, "invalid pickle: cannot delimit its records");
        goto done;
    }

    st->total_bytes = len;
    st->objects = n;
    uint64_t records = 0;
    for (uint32_t i = 0; i < n; i++) {
        st->count[kinds[i]]++;
        st->bytes[kinds[i]] += size[i];
        records += size[i];
    }
    st->header_bytes = len - records;

    // The code part: records not reachable from the root without going
    // through a code record (code records themselves included).
    uint8_t *seen = gc_alloc_atomic(n);
    uint32_t *stack = gc_alloc_atomic((size_t)n * sizeof *stack);
    memset(seen, 0, n);
    mark(recs, kinds, n, root, K_CODE, seen, stack);
    for (uint32_t i = 0; i < n; i++) {
        if (seen[i]) continue;
        st->code_objects++;
        st->code_bytes += size[i];
    }
    ok = true;
done:
    fmt_tree_free(&u);
    return ok;
}
