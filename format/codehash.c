// codehash.c — the version and content hashes of the frame format: the
// bytecode version (a hash of the opcode table's source text) and the
// content hash of a code object stored with it (SPEC.md, "code").
#include "code.h"
#include "err.h"
#include "fmt_impl.h"
#include "num.h"

#include <string.h>

#define FNV_OFFSET 0xcbf29ce484222325ull
#define FNV_PRIME 0x100000001b3ull

static uint64_t mix(uint64_t h, const void *p, size_t n) {
    const uint8_t *b = p;
    for (size_t i = 0; i < n; i++) h = (h ^ b[i]) * FNV_PRIME;
    return h;
}

static uint64_t mix_str(uint64_t h, const char *s) {
    return mix(h, s, strlen(s) + 1);
}

static uint64_t mix_i64(uint64_t h, int64_t x) {
    uint8_t b[8];
    for (int i = 0; i < 8; i++) b[i] = (uint8_t)((uint64_t)x >> (8 * i));
    return mix(h, b, 8);
}

uint32_t fmt_bytecode_version(void) {
    static uint32_t version;
    if (version) return version;
    uint64_t h = FNV_OFFSET;
#define OP(name, argkind, effect, jeffect, flags, pops)                                            \
    h = mix_str(h, #name " " #argkind " " #effect " " #jeffect " " #flags " " #pops);
#include "opcodes.def"
#undef OP
    version = (uint32_t)(h ^ (h >> 32));
    if (!version) version = 1;
    return version;
}

static uint64_t mix_strobj(uint64_t h, Str *s) {
    h = mix_i64(h, s->len);
    return mix(h, s->data, (size_t)s->len);
}

static uint64_t hash_code(uint64_t h, Code *c, int depth, bool *ok);

static uint64_t hash_value(uint64_t h, Value v, int depth, bool *ok) {
    if (depth > 200) {
        *ok = false;
        return h;
    }
    Type *t = val_type(v);
    h = mix_str(h, t->name);
    if (t == &IntType) return mix_i64(h, int_value(v));
    if (t == &FloatType) {
        double d = ((Float *)v)->value;
        uint64_t bits;
        memcpy(&bits, &d, 8);
        return mix_i64(h, (int64_t)bits);
    }
    if (t == &StrType) return mix_strobj(h, (Str *)v);
    if (t == &BytesType) {
        Bytes *b = (Bytes *)v;
        return mix(mix_i64(h, b->len), b->data, (size_t)b->len);
    }
    if (t == &TupleType) {
        Tuple *tu = (Tuple *)v;
        h = mix_i64(h, tu->len);
        for (int64_t i = 0; i < tu->len && *ok; i++) h = hash_value(h, tu->items[i], depth + 1, ok);
        return h;
    }
    if (t == &FrozenSetType) {
        // Constant frozensets: an order-independent combination of item hashes.
        Set *s = (Set *)v;
        uint64_t acc = 0;
        for (int64_t i = 0; i <= s->mask; i++) {
            Value k = s->table[i].key;
            if (k && k->type != &IterDoneType) acc += hash_value(FNV_OFFSET, k, depth + 1, ok);
        }
        return mix_i64(h, (int64_t)acc);
    }
    if (t == &CodeType) return hash_code(h, (Code *)v, depth + 1, ok);
    return h; // None, bool, Ellipsis: the type name says it all
}

static uint64_t hash_code(uint64_t h, Code *c, int depth, bool *ok) {
    if (depth > 200) {
        *ok = false;
        return h;
    }
    h = mix_strobj(h, c->name);
    h = mix_strobj(h, c->qualname);
    h = mix_strobj(h, c->filename);
    int64_t ints[] = {
        c->firstlineno, c->argcount,  c->posonlyargcount, c->kwonlyargcount, c->nlocals, c->ncells,
        c->nfrees,      c->stacksize, c->flags,           c->ninstrs,        c->nexc};
    for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) h = mix_i64(h, ints[i]);
    for (int32_t i = 0; i < c->ninstrs; i++) {
        h = mix_i64(h, c->instrs[i]);
        CodePos *p = &c->positions[i];
        h = mix_i64(h, ((int64_t)p->line << 32) ^ (uint32_t)p->end_line);
        h = mix_i64(h, ((int64_t)p->col << 32) ^ (uint32_t)p->end_col);
    }
    for (int32_t i = 0; i < c->nexc; i++) {
        ExcEntry *x = &c->exctable[i];
        h = mix_i64(h, ((int64_t)x->start << 32) ^ (uint32_t)x->end);
        h = mix_i64(h, ((int64_t)x->target << 32) ^ (uint32_t)x->depth);
        h = mix_i64(h, x->lasti);
    }
    Tuple *tabs[] = {c->names, c->varnames, c->cellvars, c->freevars, c->consts};
    for (int i = 0; i < 5 && *ok; i++) h = hash_value(h, (Value)tabs[i], depth + 1, ok);
    return h;
}

uint64_t fmt_code_hash(Code *code) {
    if (code->content_hash) return code->content_hash;
    bool ok = true;
    uint64_t h = hash_code(FNV_OFFSET, code, 0, &ok);
    if (!ok) {
        err_format(&ValueErrorType, "code object '%S' is nested too deeply", code->name);
        return 0;
    }
    code->content_hash = h ? h : 1;
    return code->content_hash;
}

const char *const fmt_gen_states[4] = {"created", "suspended", "running", "finished"};
const char *const fmt_requests[7] = {"none", "raise", "call", "next", "send", "throw", "switch"};

const KindInfo fmt_kinds[K_MAX_PLUS_ONE] = {
#define KIND(name, code, str, shape, fields) [code] = {str, shape, fields, sizeof(shape) - 1},
#include "kinds.def"
#undef KIND
};
