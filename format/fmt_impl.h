// fmt_impl.h — internals shared by the encoder, decoder and disassembler:
// the kind table generated from kinds.def.
#ifndef PRICKLE_FMT_IMPL_H
#define PRICKLE_FMT_IMPL_H

#include "format.h"

#include <msgpack.h>
#include <stdarg.h>

#define FMT_MAGIC "PRKL"

typedef enum {
#define KIND(name, code, str, shape, fields) K_##name = code,
#include "kinds.def"
#undef KIND
    K_MAX_PLUS_ONE
} Kind;

typedef struct {
    const char *name;   // NULL: unused code
    const char *shape;  // one letter per field (kinds.def)
    const char *fields; // space-separated field names
    uint8_t nfields;    // strlen(shape)
} KindInfo;

// Indexed by kind code.
extern const KindInfo fmt_kinds[K_MAX_PLUS_ONE];

// Generator states as stored (index = GenState).
extern const char *const fmt_gen_states[4];
// Helper request kinds as stored (index = HelperStatus; "none" for 0 = no request).
extern const char *const fmt_requests[7];

// Encoder options beyond fmt_dumps (pickle-everywhere mode).
typedef struct {
    bool world; // pickle the whole scheduler: the current and main tasklets and tasklets
                // with nested C calls too (their C state is kept in place)
    // fmt_dumps_scheduler: the root is this scheduler (main and current
    // tasklets allowed, every tasklet must be restorable), else NULL.
    const FmtScheduler *scheduler;
} EncFlags;

// Encode [root]; on success also hands out the object table (the object
// of every id) through [*table] / [*n] if [table] is not NULL.
Value fmt_encode(Value root, const EncFlags *flags, Value **table, size_t *n);

// Decode; with [reuse] (the table of the encoding of these very objects)
// every record is decoded INTO the object it was encoded from, which is
// first cleared: the pickle-everywhere round trip (see fmt_roundtrip_world).
Value fmt_decode(const uint8_t *data, size_t len, const FmtOptions *opt, Value *reuse,
                 size_t nreuse);

// ---- parse.c: the checks shared by the decoder and the disassembler

// A parsed pickle: msgpack_object nodes (pointing into the pickle's bytes,
// which must stay alive) in chunks of their own, freed by fmt_tree_free.
typedef struct FmtChunk FmtChunk;
typedef struct {
    FmtChunk *chunks;
    msgpack_object top;
    // The pickle's bytes, which str and bin nodes point into: held here so
    // that the collector (scanning the caller's stack, where the tree lives)
    // keeps them while the tree is in use, whoever allocated them.
    const uint8_t *data;
} FmtTree;

// Parse [data] into [t] (the caller frees it with fmt_tree_free, whatever
// the outcome) as exactly one msgpack value and check its header (magic,
// versions, info map, object table, root; SPEC.md section 1). Returns the
// object table (an array) and sets [*root], or NULL with
// pickle.UnpicklingError raised.
msgpack_object *fmt_parse(FmtTree *t, const uint8_t *data, size_t len, uint32_t *root);

// Give back the nodes of [t].
void fmt_tree_free(FmtTree *t);

// Read one msgpack value from the start of [data] into [t]->top (free [t]
// with fmt_tree_free whatever the outcome), setting [*used] to its size:
// NULL, or why it cannot (truncated, a byte msgpack never uses, nested
// deeper than the format, out of memory). The same tree msgpack-c's
// msgpack_unpack_next builds (tests/unit/test_mpread.c), in one pass.
const char *fmt_read_msgpack(FmtTree *t, const uint8_t *data, size_t len, size_t *used);

// Advance [*pos] past one msgpack value of [p] (len bytes), as fmt_parse
// reads it. NULL, or why it cannot (truncated, not msgpack); then [*pos] is
// unchanged.
const char *fmt_skip_value(const uint8_t *p, size_t len, size_t *pos);

// Shape-check record [i] of the [n] records [recs]: a known kind, its
// arity, the msgpack type of every field, references < [n]. Stores the
// kind in [*kind] (0 if unknown). False with pickle.UnpicklingError raised.
bool fmt_check_shape(const msgpack_object *recs, uint32_t n, uint32_t i, uint8_t *kind);

// Raise pickle.UnpicklingError "invalid pickle: MESSAGE", or with [obj] >= 0
// "invalid pickle: object OBJ (KIND): MESSAGE"; MESSAGE is [fmt] formatted as
// by err_format. Returns false.
bool fmt_verror(int64_t obj, const char *kind, const char *fmt, va_list ap);

// True if the [n] bytes at [s] are valid UTF-8; sets [*nchars] to the number
// of code points.
bool fmt_utf8_valid(const uint8_t *s, size_t n, int64_t *nchars);

#endif
