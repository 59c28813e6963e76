// code.c — code objects: the opcode table generated from opcodes.def,
// stack effects, allocation, line lookup, a disassembler in the style of
// Python's dis (line numbers, jump-target marks, instruction index, opname,
// argument and its meaning, exception table, nested code objects), and the
// bytecode verifier with its slot analysis (what every value-stack slot
// holds before every instruction), which the frame-format decoder uses to
// check suspended frames.
#include "code.h"

#include "err.h"
#include "num.h"
#include "str.h"

#include <string.h>

const OpInfo op_info[OP_COUNT] = {
#define OP(name, argkind, effect, jeffect, flags, pops) [OP_##name] = {#name, argkind, flags},
#include "opcodes.def"
#undef OP
};

int op_stack_effect(Opcode op, int32_t a, bool jump) {
    switch (op) {
#define OP(name, argkind, effect, jeffect, flags, pops)                                            \
    case OP_##name:                                                                                \
        return jump ? (jeffect) : (effect);
#include "opcodes.def"
#undef OP
    default: return 0;
    }
}

int64_t op_pops(Opcode op, int32_t a) {
    switch (op) {
#define OP(name, argkind, effect, jeffect, flags, pops)                                            \
    case OP_##name:                                                                                \
        return (int64_t)(pops);
#include "opcodes.def"
#undef OP
    default: return 0;
    }
}

Code *code_new(void) {
    return (Code *)obj_alloc(&CodeType, sizeof(Code));
}

int code_line(Code *code, int32_t ip) {
    if (ip < 0 || ip >= code->ninstrs || !code->positions) return code->firstlineno;
    return code->positions[ip].line;
}

// ---- disassembly --------------------------------------------------------------------------

static void put_repr(StrBuf *b, Value v);

static void put_bytes_repr(StrBuf *b, Bytes *s) {
    bool dq = memchr(s->data, '\'', (size_t)s->len) && !memchr(s->data, '"', (size_t)s->len);
    char q = dq ? '"' : '\'';
    strbuf_putc(b, 'b');
    strbuf_putc(b, q);
    for (int64_t i = 0; i < s->len; i++) {
        uint8_t ch = s->data[i];
        if (ch == q || ch == '\\') {
            strbuf_putc(b, '\\');
            strbuf_putc(b, (char)ch);
        } else if (ch == '\n') {
            strbuf_puts(b, "\\n");
        } else if (ch == '\r') {
            strbuf_puts(b, "\\r");
        } else if (ch == '\t') {
            strbuf_puts(b, "\\t");
        } else if (ch < 0x20 || ch >= 0x7f) {
            strbuf_printf(b, "\\x%02x", ch);
        } else {
            strbuf_putc(b, (char)ch);
        }
    }
    strbuf_putc(b, q);
}

static void put_repr(StrBuf *b, Value v) {
    if (val_is_small(v) || v->type == &IntType) {
        strbuf_printf(b, "%lld", (long long)int_value(v));
    } else if (v == VAL_NONE) {
        strbuf_puts(b, "None");
    } else if (v == VAL_TRUE) {
        strbuf_puts(b, "True");
    } else if (v == VAL_FALSE) {
        strbuf_puts(b, "False");
    } else if (v == VAL_ELLIPSIS) {
        strbuf_puts(b, "Ellipsis");
    } else if (v->type == &FloatType) {
        strbuf_putstr(b, float_repr(float_value(v)));
    } else if (v->type == &StrType) {
        strbuf_putstr(b, str_repr((Str *)v));
    } else if (v->type == &BytesType) {
        put_bytes_repr(b, (Bytes *)v);
    } else if (v->type == &TupleType) {
        Tuple *t = (Tuple *)v;
        strbuf_putc(b, '(');
        for (int64_t i = 0; i < t->len; i++) {
            if (i) strbuf_puts(b, ", ");
            put_repr(b, t->items[i]);
        }
        if (t->len == 1) strbuf_putc(b, ',');
        strbuf_putc(b, ')');
    } else if (v->type == &CodeType) {
        Code *c = (Code *)v;
        strbuf_printf(b, "<code object %s, file \"%s\", line %d>", c->name ? c->name->data : "?",
                      c->filename ? c->filename->data : "?", (int)c->firstlineno);
    } else {
        strbuf_printf(b, "<%s object>", v->type->name);
    }
}

static const char *const binop_syms[] = {
#define X(name, sym, d, r, i) sym,
    BINOP_LIST(X)
#undef X
};

static const char *const cmp_syms[] = {"<", "<=", "==", "!=", ">", ">="};

static Str *tuple_str(Tuple *t, int64_t i) {
    return t && i >= 0 && i < t->len ? (Str *)t->items[i] : NULL;
}

// The meaning of a constant, name, local or cell argument [arg] of [code]
// (CodeArgFn for code_dis_arg).
static void code_arg(StrBuf *b, ArgKind kind, int32_t arg, void *ctx) {
    Code *code = ctx;
    switch (kind) {
    case ARG_CONST:
        if (code->consts && arg < code->consts->len)
            put_repr(b, code->consts->items[arg]);
        else
            strbuf_puts(b, "?");
        return;
    case ARG_NAME: {
        Str *s = tuple_str(code->names, arg);
        if (s)
            strbuf_putstr(b, s);
        else
            strbuf_puts(b, "?");
        return;
    }
    case ARG_LOCAL: {
        Str *s = tuple_str(code->varnames, arg);
        if (s)
            strbuf_putstr(b, s);
        else
            strbuf_puts(b, "?");
        return;
    }
    case ARG_CELL: {
        Str *s = arg < code->ncells ? tuple_str(code->cellvars, arg)
                                    : tuple_str(code->freevars, arg - code->ncells);
        if (s)
            strbuf_putstr(b, s);
        else
            strbuf_puts(b, "?");
        return;
    }
    default: return;
    }
}

void code_dis_arg(StrBuf *b, Opcode op, int32_t arg, CodeArgFn resolve, void *ctx) {
    if (op >= OP_COUNT) return;
    switch (op_info[op].arg) {
    case ARG_NONE: return;
    case ARG_CONST:
    case ARG_NAME:
    case ARG_LOCAL:
    case ARG_CELL:
        if (resolve) resolve(b, op_info[op].arg, arg, ctx);
        return;
    case ARG_JUMP: strbuf_printf(b, "to %d", (int)arg); return;
    case ARG_COUNT: break;
    }
    switch (op) {
    case OP_BINARY_OP: {
        int o = arg >= BINOP_INPLACE ? arg - BINOP_INPLACE : arg;
        if (o >= 0 && o < BINOP_COUNT)
            strbuf_printf(b, "%s%s", binop_syms[o], arg >= BINOP_INPLACE ? "=" : "");
        return;
    }
    case OP_UNARY_OP: {
        static const char *const u[] = {"-", "+", "~", "not"};
        if (arg >= 0 && arg < 4) strbuf_puts(b, u[arg]);
        return;
    }
    case OP_COMPARE_OP:
        if (arg >= 0 && arg < 6) strbuf_puts(b, cmp_syms[arg]);
        return;
    case OP_IS_OP: strbuf_puts(b, arg ? "is not" : "is"); return;
    case OP_CONTAINS_OP: strbuf_puts(b, arg ? "not in" : "in"); return;
    case OP_FORMAT_VALUE: {
        static const char *const conv[] = {"", "str", "repr", "ascii"};
        strbuf_puts(b, conv[arg & 3]);
        if (arg & 4) strbuf_puts(b, (arg & 3) ? ", with format" : "with format");
        return;
    }
    case OP_MAKE_FUNCTION: {
        const char *sep = "";
        if (arg & 1) strbuf_printf(b, "%sdefaults", sep), sep = ", ";
        if (arg & 2) strbuf_printf(b, "%skwdefaults", sep), sep = ", ";
        if (arg & 4) strbuf_printf(b, "%sclosure", sep);
        return;
    }
    case OP_UNPACK_EX: strbuf_printf(b, "%d before, %d after", arg & 0xff, arg >> 8); return;
    case OP_CALL_EX:
        if (arg & 1) strbuf_puts(b, "kwargs");
        return;
    case OP_RERAISE:
        if (arg) strbuf_puts(b, "lasti");
        return;
    default: return;
    }
}

void code_dis_instr(StrBuf *b, int32_t ip, uint32_t w, bool current, bool target, CodeArgFn resolve,
                    void *ctx) {
    Opcode op = INSTR_OP(w);
    int32_t arg = INSTR_ARG(w);
    strbuf_printf(b, "%s%s %5d ", current ? " -> " : "    ", target ? ">>" : "  ", (int)ip);
    if (op >= OP_COUNT) {
        strbuf_printf(b, "<bad opcode %d>", (int)op);
        return;
    }
    if (op_info[op].arg == ARG_NONE) {
        strbuf_puts(b, op_info[op].name);
        return;
    }
    strbuf_printf(b, "%-24s %5d", op_info[op].name, (int)arg);
    StrBuf m;
    strbuf_init(&m);
    code_dis_arg(&m, op, arg, resolve, ctx);
    if (m.len) {
        strbuf_puts(b, " (");
        strbuf_putn(b, m.data, m.len);
        strbuf_putc(b, ')');
    }
}

static void put_flags(StrBuf *b, uint32_t flags) {
    static const char *const names[] = {"VARARGS", "VARKEYWORDS", "GENERATOR", "CLASSBODY",
                                        "MODULE"};
    const char *sep = "";
    for (int i = 0; i < 5; i++)
        if (flags & (1u << i)) {
            strbuf_printf(b, "%s%s", sep, names[i]);
            sep = "|";
        }
    if (!*sep) strbuf_puts(b, "0");
}

static void put_names(StrBuf *b, const char *title, Tuple *t) {
    strbuf_printf(b, "  %s: (", title);
    for (int64_t i = 0; t && i < t->len; i++) {
        if (i) strbuf_puts(b, ", ");
        strbuf_putstr(b, (Str *)t->items[i]);
    }
    strbuf_puts(b, ")\n");
}

static void dis_one(Code *code, StrBuf *b) {
    Str *unknown = str_from_cstr("?");
    Str *name = code->name ? code->name : unknown;
    Str *qualname = code->qualname ? code->qualname : name;
    Str *filename = code->filename ? code->filename : unknown;
    strbuf_printf(b, "Disassembly of <code object %S, file \"%S\", line %d>:\n", name, filename,
                  (int)code->firstlineno);
    strbuf_printf(
        b, "  qualname %S, argcount %d (posonly %d, kwonly %d), nlocals %d, stacksize %d, flags ",
        qualname, (int)code->argcount, (int)code->posonlyargcount, (int)code->kwonlyargcount,
        (int)code->nlocals, (int)code->stacksize);
    put_flags(b, code->flags);
    strbuf_putc(b, '\n');
    put_names(b, "varnames", code->varnames);
    if (code->ncells) put_names(b, "cellvars", code->cellvars);
    if (code->nfrees) put_names(b, "freevars", code->freevars);

    int32_t n = code->instrs ? code->ninstrs : 0;
    uint8_t *target = gc_alloc_atomic((size_t)(n ? n : 1));
    memset(target, 0, (size_t)(n ? n : 1));
    for (int32_t i = 0; i < n; i++) {
        Opcode op = INSTR_OP(code->instrs[i]);
        int32_t arg = INSTR_ARG(code->instrs[i]);
        if (op < OP_COUNT && (op_info[op].flags & OPF_JUMP) && arg >= 0 && arg < n) target[arg] = 1;
    }
    for (int32_t i = 0; i < code->nexc; i++)
        if (code->exctable[i].target >= 0 && code->exctable[i].target < n)
            target[code->exctable[i].target] = 1;
    int last_line = -1;
    for (int32_t i = 0; i < n; i++) {
        int line = code_line(code, i);
        if (line != last_line) {
            if (i) strbuf_putc(b, '\n');
            strbuf_printf(b, "%4d", line);
            last_line = line;
        } else {
            strbuf_puts(b, "    ");
        }
        code_dis_instr(b, i, code->instrs[i], false, target[i], code_arg, code);
        strbuf_putc(b, '\n');
    }
    if (code->nexc && code->exctable) {
        strbuf_puts(b, "ExceptionTable:\n");
        for (int32_t i = 0; i < code->nexc; i++) {
            ExcEntry *e = &code->exctable[i];
            strbuf_printf(b, "  %d to %d -> %d [%d]%s\n", (int)e->start, (int)e->end - 1,
                          (int)e->target, (int)e->depth, e->lasti ? " lasti" : "");
        }
    }
}

void code_dis(Code *code, FILE *out) {
    StrBuf b;
    strbuf_init(&b);
    dis_one(code, &b);
    fwrite(b.data, 1, (size_t)b.len, out);
    for (int64_t i = 0; code->consts && i < code->consts->len; i++) {
        Value v = code->consts->items[i];
        if (!val_is_small(v) && v->type == &CodeType) {
            fputc('\n', out);
            code_dis((Code *)v, out);
        }
    }
}

// ---- verification -------------------------------------------------------------------------
//
// code_flow is an abstract interpretation of the code, like a class-file
// verifier: it follows every path (fall-through, jumps, exception-table
// edges) and keeps, before every instruction, the stack depth and, for every
// value-stack slot, the instruction that pushed it and the kind of value it
// holds (SlotKind). Where paths meet, the depths must agree and each slot
// gets the weakest kind covering both (kind_join) and keeps its producer only
// if both paths agree on it. Every instruction's uses of the stack are then
// checked against what it needs (need_input, need_below): the VM uses those
// values without a check.
//
// A stack is a persistent list of runs of slots (SNode), top first: an
// instruction allocates nodes only for what it pushes, and states share
// everything below. So memory is proportional to the number of
// instructions, and the work too, up to a budget of the same order that
// only code built to be slow to verify exceeds.

// A run of slots [top - count, top) pushed by one producer, of one kind.
typedef struct SNode SNode;
struct SNode {
    SNode *next; // the runs below
    int32_t top, count;
    int32_t producer; // instruction index, or -1
    uint8_t kind;     // SlotKind
    int32_t memo_depth;
    SNode *memo; // cut(this, memo_depth), cached (see cut)
};

// A run of slots taken off a stack or being joined (scratch).
typedef struct {
    int32_t producer;
    int64_t count;
    uint8_t kind;
} Seg;

typedef struct {
    Seg *items;
    int64_t n, cap;
} SegBuf;

struct CodeFlow {
    Code *code;
    int32_t n, maxd;
    int32_t *depth;   // before each instruction; -1: unreachable
    SNode **state;    // the stack before each instruction
    uint8_t *preempt; // preemption points
    int32_t *handler; // first exception-table entry covering each instruction, or -1
    int64_t work, budget;
    SegBuf in;   // the values the current instruction pops, top first
    SegBuf join; // scratch of join()
};

// Raise SystemError about [code] and return -1.
static int32_t bad_code(Code *code, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    Str *msg = str_vprintf(fmt, ap);
    va_end(ap);
    err_format(&SystemErrorType, "malformed code object %s: %S",
               code->qualname ? code->qualname->data : "?", msg);
    return -1;
}

static int64_t tuple_len(Tuple *t) {
    return t ? t->len : 0;
}

static const char *const kind_names[SK_COUNT] = {
    [SK_NULL] = "NULL",
    [SK_NULLABLE] = "NULL or a value",
    [SK_ANY] = "a value",
    [SK_LIST] = "a list",
    [SK_SET] = "a set",
    [SK_DICT] = "a dict",
    [SK_TUPLE] = "a tuple",
    [SK_CELLS] = "a tuple of cells",
    [SK_STR] = "a str",
    [SK_CODE] = "a code object",
    [SK_CELL] = "a cell",
    [SK_FUNC] = "a function",
    [SK_ITER] = "an iterator",
    [SK_EXC] = "an exception instance",
    [SK_EXC_INFO] = "None or an exception instance",
    [SK_LASTI] = "an instruction index",
};

const char *slot_kind_name(SlotKind kind) {
    return kind < SK_COUNT ? kind_names[kind] : "?";
}

// The weakest kind covering both [a] and [b] (a slot that holds either).
static SlotKind kind_join(SlotKind a, SlotKind b) {
    if (a == b) return a;
    if (a == SK_NULL || b == SK_NULL || a == SK_NULLABLE || b == SK_NULLABLE) return SK_NULLABLE;
    if ((a == SK_CELLS && b == SK_TUPLE) || (a == SK_TUPLE && b == SK_CELLS)) return SK_TUPLE;
    if ((a == SK_EXC && b == SK_EXC_INFO) || (a == SK_EXC_INFO && b == SK_EXC)) return SK_EXC_INFO;
    return SK_ANY;
}

// True if every value of kind [have] is acceptable where [need] is needed.
static bool kind_fits(SlotKind have, SlotKind need) {
    return kind_join(have, need) == need;
}

// The kind of constant [v].
static SlotKind const_kind(Value v) {
    if (val_is_small(v)) return SK_ANY;
    if (v->type == &StrType) return SK_STR;
    if (v->type == &TupleType) return SK_TUPLE;
    if (v->type == &CodeType) return SK_CODE;
    return SK_ANY;
}

// ---- the slot rules of the opcodes

// The kind of what [op] pushes, for the instructions that push one value
// (the others: outputs()).
static SlotKind result_kind(Code *code, Opcode op, int32_t a) {
    switch (op) {
    case OP_PUSH_NULL: return SK_NULL;
    case OP_LOAD_CONST: return const_kind(code->consts->items[a]);
    case OP_LOAD_CLOSURE: return SK_CELL;
    case OP_BUILD_TUPLE: // (a tuple of cells: outputs())
    case OP_LIST_TO_TUPLE: return SK_TUPLE;
    case OP_BUILD_LIST: return SK_LIST;
    case OP_BUILD_SET: return SK_SET;
    case OP_BUILD_MAP: return SK_DICT;
    case OP_BUILD_STRING:
    case OP_FORMAT_VALUE: return SK_STR;
    case OP_GET_ITER:
    case OP_GET_YIELD_FROM_ITER: return SK_ITER;
    case OP_MAKE_FUNCTION: return SK_FUNC;
    default: return SK_ANY;
    }
}

// What [op] needs of the popped value [j] (0: the deepest of the [pops]):
// SK_NULLABLE for nothing (it may even be NULL).
static SlotKind need_input(Opcode op, int32_t a, int64_t j, int64_t pops) {
    switch (op) {
    case OP_POP_TOP:
    case OP_SWAP: return SK_NULLABLE;
    case OP_CALL:
    case OP_CALL_KW:
    case OP_CALL_EX:
        if (j == 0) return SK_NULLABLE; // NULL, or the method of LOAD_METHOD
        if (op == OP_CALL_KW && j == pops - 1) return SK_TUPLE; // kwnames (and see check_kwnames)
        if (op == OP_CALL_EX && j == 3) return SK_DICT;         // **kwargs, used as a dict
        return SK_ANY;
    case OP_BUILD_STRING: return SK_STR;
    case OP_FORMAT_VALUE: return j == 1 ? SK_STR : SK_ANY; // the format spec
    case OP_LIST_TO_TUPLE: return SK_LIST;
    case OP_MAKE_FUNCTION: {
        // [defaults if a&1, kwdefaults if a&2, closure if a&4, code]
        static const SlotKind parts[3] = {SK_TUPLE, SK_DICT, SK_CELLS};
        int64_t k = 0;
        for (int bit = 0; bit < 3; bit++)
            if (a & (1 << bit)) {
                if (j == k) return parts[bit];
                k++;
            }
        return SK_CODE;
    }
    case OP_BUILD_CLASS: return j == 0 ? SK_FUNC : j == 1 ? SK_STR : SK_ANY;
    case OP_RERAISE: return SK_EXC;         // becomes the raised exception
    case OP_POP_EXCEPT: return SK_EXC_INFO; // becomes the handled exception
    default: return SK_ANY;
    }
}

// A value [op] uses in place below what it pops: PEEK(*k) after popping,
// which must be [*need]. False if it uses none.
static bool need_below(Opcode op, int32_t a, int32_t *k, SlotKind *need) {
    switch (op) {
    case OP_LIST_APPEND:
    case OP_LIST_EXTEND: *need = SK_LIST; break;
    case OP_SET_ADD:
    case OP_SET_UPDATE: *need = SK_SET; break;
    case OP_MAP_ADD:
    case OP_DICT_UPDATE:
    case OP_DICT_MERGE: *need = SK_DICT; break;
    case OP_CHECK_EXC_MATCH: // the exception being matched
    case OP_IMPORT_FROM:     // the module
        *k = 1;
        *need = SK_ANY;
        return true;
    default: return false;
    }
    *k = a;
    return true;
}

// ---- persistent stacks

static int32_t node_top(const SNode *s) {
    return s ? s->top : 0;
}

static SNode *push(CodeFlow *fl, SNode *below, uint8_t kind, int32_t producer, int64_t count) {
    if (count <= 0) return below;
    fl->work++;
    SNode *s = gc_alloc(sizeof(SNode));
    s->next = below;
    s->count = (int32_t)count;
    s->top = node_top(below) + (int32_t)count;
    s->producer = producer;
    s->kind = kind;
    s->memo_depth = -1;
    return s;
}

static void seg_add(SegBuf *b, uint8_t kind, int32_t producer, int64_t count) {
    if (b->n && b->items[b->n - 1].kind == kind && b->items[b->n - 1].producer == producer) {
        b->items[b->n - 1].count += count;
        return;
    }
    if (b->n == b->cap) {
        int64_t cap = b->cap ? 2 * b->cap : 16;
        Seg *items = gc_alloc_atomic(sizeof(Seg) * (size_t)cap);
        if (b->n) memcpy(items, b->items, sizeof(Seg) * (size_t)b->n);
        b->items = items;
        b->cap = cap;
    }
    b->items[b->n++] = (Seg){producer, count, kind};
}

// The bottom [depth] slots of [s] (depth <= its depth). Exception-table
// edges cut every instruction of a protected range to the same depth: the
// result is cached on the nodes walked, so that this costs O(1) per
// instruction on the way.
static SNode *cut(CodeFlow *fl, SNode *s, int32_t depth) {
    SNode *start = s, *res = NULL, *stop = s;
    for (;;) {
        if (!s || s->top <= depth) {
            res = s; // s->top == depth: stacks are contiguous
            stop = s;
            break;
        }
        fl->work++;
        if (s->memo_depth == depth) {
            res = s->memo;
            stop = s->next;
            break;
        }
        if (s->top - s->count < depth) {
            res = push(fl, s->next, s->kind, s->producer, depth - (s->top - s->count));
            stop = s->next;
            break;
        }
        s = s->next;
    }
    for (SNode *t = start; t && t != stop; t = t->next) {
        t->memo_depth = depth;
        t->memo = res;
    }
    return res;
}

// The node holding slot [k] of [s].
static SNode *slot_node(CodeFlow *fl, SNode *s, int32_t k) {
    while (s && s->top - s->count > k) {
        fl->work++;
        s = s->next;
    }
    return s;
}

// Take [n] values off [s] into fl->in (top first); returns the rest.
static SNode *take(CodeFlow *fl, SNode *s, int64_t n) {
    fl->in.n = 0;
    while (n > 0 && s) {
        fl->work++;
        int64_t k = s->count < n ? s->count : n;
        seg_add(&fl->in, s->kind, s->producer, k);
        n -= k;
        if (k < s->count) return push(fl, s->next, s->kind, s->producer, s->count - k);
        s = s->next;
    }
    return s;
}

// The popped value [j] (0: the deepest of [pops]), from fl->in.
static Seg *input(CodeFlow *fl, int64_t j, int64_t pops) {
    int64_t from_top = pops - 1 - j;
    for (int64_t k = 0; k < fl->in.n; k++) {
        if (from_top < fl->in.items[k].count) return &fl->in.items[k];
        from_top -= fl->in.items[k].count;
    }
    return NULL;
}

// The join of [a] and [b], stacks of the same depth: per slot the weakest
// common kind, the producer if both have the same. Returns [a] itself when
// it already covers [b] (then nothing changed).
static SNode *join(CodeFlow *fl, SNode *a, SNode *b) {
    if (a == b) return a;
    // The shared part: the lists meet at the first node they have in common.
    SNode *x = a, *y = b;
    while (x != y) {
        fl->work++;
        int32_t tx = node_top(x), ty = node_top(y);
        if (tx >= ty) x = x->next;
        if (ty >= tx) y = y->next;
    }
    int32_t floor = node_top(x);
    // Above it, slot by slot (run by run), from the top down.
    SegBuf *out = &fl->join;
    out->n = 0;
    bool changed = false;
    SNode *pa = a, *pb = b;
    int32_t at = node_top(a);
    while (at > floor) {
        fl->work++;
        while (pa->top - pa->count >= at) pa = pa->next;
        while (pb->top - pb->count >= at) pb = pb->next;
        int32_t lo =
            pa->top - pa->count > pb->top - pb->count ? pa->top - pa->count : pb->top - pb->count;
        if (lo < floor) lo = floor;
        SlotKind k = kind_join((SlotKind)pa->kind, (SlotKind)pb->kind);
        int32_t prod = pa->producer == pb->producer ? pa->producer : -1;
        if (k != pa->kind || prod != pa->producer) changed = true;
        seg_add(out, k, prod, at - lo);
        at = lo;
    }
    if (!changed) return a;
    SNode *s = x;
    for (int64_t k = out->n - 1; k >= 0; k--)
        s = push(fl, s, out->items[k].kind, out->items[k].producer, out->items[k].count);
    return s;
}

// The stack after instruction [i] (pre-state [pre] of depth [d], the popped
// values in fl->in, [base] the rest), falling through or ([jump]) jumping.
static SNode *outputs(CodeFlow *fl, int32_t i, SNode *pre, int32_t d, SNode *base, bool jump) {
    Code *code = fl->code;
    Opcode op = INSTR_OP(code->instrs[i]);
    int32_t a = INSTR_ARG(code->instrs[i]);
    int64_t pops = op_pops(op, a);
    int64_t npush = pops + op_stack_effect(op, a, jump);
    Seg *in0 = pops > 0 ? input(fl, 0, pops) : NULL;
    switch (op) {
    case OP_COPY: {
        SNode *src = slot_node(fl, pre, d - a);
        return push(fl, base, src->kind, src->producer, 1);
    }
    case OP_SWAP: {
        // Old top at the bottom, the middle in place, old bottom on top.
        Seg *top = input(fl, pops - 1, pops);
        SNode *s = push(fl, base, top->kind, top->producer, 1);
        if (pops >= 2) {
            // The middle (positions 1 .. pops-2 from the top), bottom first.
            int64_t pos = pops - 1; // position from the top of the deepest popped slot
            for (int64_t k = fl->in.n - 1; k >= 0; k--) {
                Seg *g = &fl->in.items[k];
                int64_t hi = pos, lo = pos - g->count + 1; // positions this run covers
                pos = lo - 1;
                if (lo < 1) lo = 1;
                if (hi > pops - 2) hi = pops - 2;
                if (hi >= lo) s = push(fl, s, g->kind, g->producer, hi - lo + 1);
            }
            s = push(fl, s, in0->kind, in0->producer, 1);
        }
        return s;
    }
    case OP_LOAD_METHOD:
        return push(fl, push(fl, base, SK_NULLABLE, i, 1), SK_ANY, i, 1); // [meth or NULL, x]
    case OP_FOR_ITER:
    case OP_SEND:
        // [it, next] falling through; FOR_ITER: [] and SEND: [result] jumping
        if (jump) return push(fl, base, SK_ANY, i, npush);
        return push(fl, push(fl, base, in0->kind, in0->producer, 1), SK_ANY, i, 1);
    case OP_JUMP_IF_FALSE_OR_POP:
    case OP_JUMP_IF_TRUE_OR_POP: return jump ? push(fl, base, in0->kind, in0->producer, 1) : base;
    case OP_PUSH_EXC_INFO: // [prev, exc]
        return push(fl, push(fl, base, SK_EXC_INFO, i, 1), in0->kind, in0->producer, 1);
    case OP_BUILD_TUPLE: {
        bool cells = fl->in.n > 0;
        for (int64_t k = 0; k < fl->in.n; k++)
            if (fl->in.items[k].kind != SK_CELL) cells = false;
        return push(fl, base, cells ? SK_CELLS : SK_TUPLE, i, 1);
    }
    default: return push(fl, base, result_kind(code, op, a), i, npush);
    }
}

// ---- the checks of one instruction

// The message about slot [s] where [need] is needed.
static bool bad_slot(CodeFlow *fl, int32_t i, const char *what, uint8_t have, int32_t producer,
                     SlotKind need) {
    Code *code = fl->code;
    const char *op = op_info[INSTR_OP(code->instrs[i])].name;
    if (producer >= 0)
        bad_code(code, "%s at %d needs %s as %s, finds %s (pushed by %s at %d)", op, i,
                 slot_kind_name(need), what, slot_kind_name((SlotKind)have),
                 op_info[INSTR_OP(code->instrs[producer])].name, producer);
    else
        bad_code(code, "%s at %d needs %s as %s, finds %s", op, i, slot_kind_name(need), what,
                 slot_kind_name((SlotKind)have));
    return false;
}

// bad_code for functions returning bool.
#define FAIL(...) (bad_code(fl->code, __VA_ARGS__), false)

// CALL_KW's names: a constant tuple of str, no more of them than arguments.
static bool check_kwnames(CodeFlow *fl, int32_t i, Seg *g, int32_t nargs) {
    Code *code = fl->code;
    if (g->producer < 0 || INSTR_OP(code->instrs[g->producer]) != OP_LOAD_CONST) {
        bad_code(code, "CALL_KW at %d: its keyword names are not a constant", i);
        return false;
    }
    Tuple *t = (Tuple *)code->consts->items[INSTR_ARG(code->instrs[g->producer])];
    bool ok = t->len <= nargs;
    for (int64_t k = 0; ok && k < t->len; k++) ok = val_is(t->items[k], &StrType);
    if (!ok) bad_code(code, "CALL_KW at %d: its keyword names are not %d or fewer str", i, nargs);
    return ok;
}

// MAKE_FUNCTION's code is a constant; a closure exactly when it has free
// variables, built there with one cell per free variable.
static bool check_make_function(CodeFlow *fl, int32_t i, int32_t a, int64_t pops) {
    Code *code = fl->code;
    Seg *cg = input(fl, pops - 1, pops);
    if (cg->producer < 0 || INSTR_OP(code->instrs[cg->producer]) != OP_LOAD_CONST) {
        bad_code(code, "MAKE_FUNCTION at %d: its code is not a constant", i);
        return false;
    }
    Code *fc = (Code *)code->consts->items[INSTR_ARG(code->instrs[cg->producer])];
    if (!(a & 4)) {
        if (fc->nfrees == 0) return true;
        bad_code(code, "MAKE_FUNCTION at %d: no closure for %d free variables", i, fc->nfrees);
        return false;
    }
    Seg *cl = input(fl, pops - 2, pops);
    if (cl->producer < 0 || INSTR_OP(code->instrs[cl->producer]) != OP_BUILD_TUPLE ||
        INSTR_ARG(code->instrs[cl->producer]) != fc->nfrees) {
        bad_code(code,
                 "MAKE_FUNCTION at %d: its closure is not built with one cell per free "
                 "variable",
                 i);
        return false;
    }
    return true;
}

// What instruction [i] at depth [d] uses: the values it pops (in fl->in)
// and the ones it reads in place.
static bool check_uses(CodeFlow *fl, int32_t i, SNode *pre, int32_t d) {
    Code *code = fl->code;
    Opcode op = INSTR_OP(code->instrs[i]);
    int32_t a = INSTR_ARG(code->instrs[i]);
    int64_t pops = op_pops(op, a);
    // Popped values: the rule of a run is the same in its middle, so the
    // first and last four positions of each run cover every special one.
    int64_t pos = pops - 1; // index (0: deepest) of the top slot of the next run
    for (int64_t k = 0; k < fl->in.n; k++) {
        Seg *g = &fl->in.items[k];
        int64_t hi = pos, lo = pos - g->count + 1;
        pos = lo - 1;
        for (int64_t j = lo; j <= hi; j++) {
            if (j == lo + 4 && hi - 4 > j) j = hi - 4;
            SlotKind need = need_input(op, a, j, pops);
            if (!kind_fits((SlotKind)g->kind, need))
                return bad_slot(fl, i, "operand", g->kind, g->producer, need);
        }
    }
    int32_t k;
    SlotKind need;
    if (need_below(op, a, &k, &need)) {
        if (k < 1 || k > d - pops)
            return FAIL("%s %d at %d reaches below the stack (depth %d)", op_info[op].name, a, i,
                        d);
        SNode *s = slot_node(fl, pre, (int32_t)(d - pops - k));
        if (!kind_fits((SlotKind)s->kind, need))
            return bad_slot(fl, i, "the value below its operands", s->kind, s->producer, need);
    }
    if (op == OP_WITH_EXCEPT_START) {
        // Reads [exit, lasti, prev_exc, exc] in place.
        if (d < 4) return FAIL("WITH_EXCEPT_START at %d with stack depth %d", i, d);
        SNode *exc = slot_node(fl, pre, d - 1), *exitf = slot_node(fl, pre, d - 4);
        if (!kind_fits((SlotKind)exc->kind, SK_EXC))
            return bad_slot(fl, i, "the exception", exc->kind, exc->producer, SK_EXC);
        if (!kind_fits((SlotKind)exitf->kind, SK_ANY))
            return bad_slot(fl, i, "the exit function", exitf->kind, exitf->producer, SK_ANY);
    }
    if (op == OP_CALL_KW && !check_kwnames(fl, i, input(fl, pops - 1, pops), a)) return false;
    if (op == OP_MAKE_FUNCTION && !check_make_function(fl, i, a, pops)) return false;
    return true;
}

// Arguments the VM indexes tables with or trusts for a count (beyond the
// kinds of code_verify's range check), and opcodes only some code may use.
static bool check_arg(Code *code, int32_t i, Opcode op, int32_t a) {
    bool ok = true;
    switch (op) {
    case OP_BINARY_OP:
        ok = (a >= 0 && a < BINOP_COUNT) || (a >= BINOP_INPLACE && a < BINOP_INPLACE + BINOP_COUNT);
        break;
    case OP_UNARY_OP: ok = a <= UNOP_NOT; break;
    case OP_COMPARE_OP: ok = a <= CMP_GE; break;
    case OP_RAISE_VARARGS: ok = a <= 2; break;
    case OP_BUILD_SLICE: ok = a == 2 || a == 3; break;
    case OP_COPY:
    case OP_LIST_APPEND:
    case OP_SET_ADD:
    case OP_MAP_ADD:
    case OP_LIST_EXTEND:
    case OP_SET_UPDATE:
    case OP_DICT_UPDATE:
    case OP_DICT_MERGE: ok = a >= 1; break;
    case OP_YIELD_VALUE:
        if (!(code->flags & CO_GENERATOR)) {
            bad_code(code, "YIELD_VALUE at %d outside generator code", i);
            return false;
        }
        break;
    default: break;
    }
    if (!ok) bad_code(code, "argument %d of %s at %d out of range", a, op_info[op].name, i);
    return ok;
}

// ---- the analysis

// Stack [s] of depth [td] flows into instruction [t]: set or join it;
// queue [t] when its state changed.
static bool flow_into(CodeFlow *fl, int32_t from, int32_t t, SNode *s, int32_t td, int32_t *work,
                      int32_t *nwork, bool *queued) {
    Code *code = fl->code;
    if (td < 0)
        return FAIL("negative stack depth after %s at %d",
                    op_info[INSTR_OP(code->instrs[from])].name, from);
    if (td > fl->maxd) fl->maxd = td;
    if (fl->depth[t] < 0) {
        fl->depth[t] = td;
        fl->state[t] = s;
    } else if (fl->depth[t] != td) {
        return FAIL("inconsistent stack depth at %d (%d and %d)", t, fl->depth[t], td);
    } else {
        SNode *j = join(fl, fl->state[t], s);
        if (j == fl->state[t]) return true;
        fl->state[t] = j;
    }
    if (!queued[t]) {
        queued[t] = true;
        work[(*nwork)++] = t;
    }
    return true;
}

// The first index >= i that is its own nxt (path compression).
static int32_t next_free(int32_t *nxt, int32_t i) {
    int32_t r = i;
    while (nxt[r] != r) r = nxt[r];
    while (nxt[i] != r) {
        int32_t up = nxt[i];
        nxt[i] = r;
        i = up;
    }
    return r;
}

static bool analyze(CodeFlow *fl) {
    Code *code = fl->code;
    int32_t n = fl->n;
    int32_t *work = gc_alloc_atomic(sizeof(int32_t) * (size_t)n);
    bool *queued = gc_alloc_atomic((size_t)n);
    memset(queued, 0, (size_t)n);
    int32_t nwork = 0;
    fl->depth[0] = 0;
    fl->state[0] = NULL;
    work[nwork++] = 0;
    queued[0] = true;
    while (nwork > 0) {
        int32_t i = work[--nwork];
        queued[i] = false;
        for (;;) {
            if (fl->work > fl->budget) return FAIL("too complex to verify (%d instructions)", n);
            int32_t d = fl->depth[i];
            SNode *pre = fl->state[i];
            Opcode op = INSTR_OP(code->instrs[i]);
            int32_t a = INSTR_ARG(code->instrs[i]);
            uint8_t flags = op_info[op].flags;
            int64_t pops = op_pops(op, a);
            // COPY / SWAP reach [a] values down the stack.
            if ((op == OP_COPY || op == OP_SWAP) && (a < 1 || a > d))
                return FAIL("%s %d at %d with stack depth %d", op_info[op].name, a, i, d);
            if (pops > d)
                return FAIL("%s at %d pops %lld values at stack depth %d", op_info[op].name, i,
                            (long long)pops, d);
            SNode *base = take(fl, pre, pops);
            if (!check_uses(fl, i, pre, d)) return false;
            // The exception-table edge: from what raises, and from the
            // preemption points (an exception thrown into a preempted
            // tasklet is raised there).
            if (fl->handler[i] >= 0) {
                ExcEntry *e = &code->exctable[fl->handler[i]];
                bool raises = !(flags & OPF_NORAISE);
                if (e->depth > d)
                    return FAIL("handler depth %d above stack depth %d at %d", e->depth, d, i);
                if (raises && e->depth > d - pops)
                    return FAIL("%s at %d pops below the depth %d of its handler", op_info[op].name,
                                i, e->depth);
                if (raises || fl->preempt[i]) {
                    SNode *s = cut(fl, pre, e->depth);
                    if (e->lasti) s = push(fl, s, SK_LASTI, -1, 1);
                    s = push(fl, s, SK_EXC, -1, 1);
                    if (!flow_into(fl, i, e->target, s, e->depth + (e->lasti ? 1 : 0) + 1, work,
                                   &nwork, queued))
                        return false;
                }
            }
            if (flags & OPF_JUMP) {
                SNode *s = outputs(fl, i, pre, d, base, true);
                if (!flow_into(fl, i, a, s, d + op_stack_effect(op, a, true), work, &nwork, queued))
                    return false;
            }
            if (flags & OPF_TERMINAL) break;
            int32_t nd = d + op_stack_effect(op, a, false);
            if (nd < 0) return FAIL("negative stack depth after %s at %d", op_info[op].name, i);
            if (i + 1 >= n) return FAIL("control falls off the end");
            SNode *s = outputs(fl, i, pre, d, base, false);
            if (fl->depth[i + 1] >= 0) {
                if (!flow_into(fl, i, i + 1, s, nd, work, &nwork, queued)) return false;
                break;
            }
            if (nd > fl->maxd) fl->maxd = nd;
            fl->depth[i + 1] = nd;
            fl->state[i + 1] = s;
            i++;
        }
    }
    return true;
}

CodeFlow *code_flow(Code *code) {
    int32_t n = code->ninstrs;
    if (n <= 0 || !code->instrs) return bad_code(code, "no instructions"), NULL;
    if (code->nlocals < 0 || code->ncells < 0 || code->nfrees < 0 ||
        tuple_len(code->varnames) != code->nlocals || tuple_len(code->cellvars) != code->ncells ||
        tuple_len(code->freevars) != code->nfrees)
        return bad_code(code, "inconsistent variable counts"), NULL;
    // Arguments.
    for (int32_t i = 0; i < n; i++) {
        Opcode op = INSTR_OP(code->instrs[i]);
        int32_t arg = INSTR_ARG(code->instrs[i]);
        if (op >= OP_COUNT) return bad_code(code, "unknown opcode %d at %d", (int)op, i), NULL;
        int64_t limit = -1;
        switch (op_info[op].arg) {
        case ARG_CONST: limit = tuple_len(code->consts); break;
        case ARG_NAME: limit = tuple_len(code->names); break;
        case ARG_LOCAL: limit = code->nlocals; break;
        case ARG_CELL: limit = (int64_t)code->ncells + code->nfrees; break;
        case ARG_JUMP: limit = n; break;
        default: break;
        }
        if (limit >= 0 && arg >= limit)
            return bad_code(code, "argument %d of %s at %d out of range", arg, op_info[op].name, i),
                   NULL;
        if (!check_arg(code, i, op, arg)) return NULL;
    }
    CodeFlow *fl = gc_alloc(sizeof(CodeFlow));
    fl->code = code;
    fl->n = n;
    fl->budget = 64 * (int64_t)n + 64 * (int64_t)code->nexc + (1 << 20);
    // Exception table: entries in range; handler[i] is the first entry covering i.
    fl->handler = gc_alloc_atomic(sizeof(int32_t) * (size_t)n);
    for (int32_t i = 0; i < n; i++) fl->handler[i] = -1;
    if (code->nexc < 0 || (code->nexc && !code->exctable))
        return bad_code(code, "bad exception table"), NULL;
    // (First entry first; nxt[i]: the next instruction from i without an
    // entry yet, path-compressed: linear in the table and the code.)
    int32_t *nxt = gc_alloc_atomic(sizeof(int32_t) * ((size_t)n + 1));
    for (int32_t i = 0; i <= n; i++) nxt[i] = i;
    for (int32_t k = 0; k < code->nexc; k++) {
        ExcEntry *e = &code->exctable[k];
        if (e->start < 0 || e->end > n || e->start >= e->end || e->target < 0 || e->target >= n ||
            e->depth < 0)
            return bad_code(code, "exception table entry %d out of range", k), NULL;
        for (int32_t i = next_free(nxt, e->start); i < e->end; i = next_free(nxt, i + 1)) {
            fl->handler[i] = k;
            nxt[i] = i + 1;
        }
    }
    // Preemption points: the entry and the targets of backward jumps (the
    // eval loop's tick checks, JUMP_TO).
    fl->preempt = gc_alloc_atomic((size_t)n);
    memset(fl->preempt, 0, (size_t)n);
    fl->preempt[0] = 1;
    for (int32_t i = 0; i < n; i++) {
        Opcode op = INSTR_OP(code->instrs[i]);
        int32_t arg = INSTR_ARG(code->instrs[i]);
        if ((op == OP_JUMP || op == OP_POP_JUMP_IF_FALSE || op == OP_POP_JUMP_IF_TRUE) && arg <= i)
            fl->preempt[arg] = 1;
    }
    fl->depth = gc_alloc_atomic(sizeof(int32_t) * (size_t)n);
    for (int32_t i = 0; i < n; i++) fl->depth[i] = -1;
    fl->state = gc_alloc(sizeof(SNode *) * (size_t)n);
    if (!analyze(fl)) return NULL;
    if (fl->maxd > code->stacksize)
        return bad_code(code, "stack depth %d exceeds stacksize %d", fl->maxd, code->stacksize),
               NULL;
    // Only the results stay: the scratch buffers go.
    fl->in = fl->join = (SegBuf){0};
    return fl;
}

int32_t code_verify(Code *code, int32_t *depths) {
    CodeFlow *fl = code_flow(code);
    if (!fl) return -1;
    if (depths) memcpy(depths, fl->depth, sizeof(int32_t) * (size_t)fl->n);
    return fl->maxd;
}

int32_t code_flow_maxdepth(const CodeFlow *fl) {
    return fl->maxd;
}

const int32_t *code_flow_depths(const CodeFlow *fl) {
    return fl->depth;
}

bool code_flow_preemption_point(const CodeFlow *fl, int32_t ip) {
    return ip >= 0 && ip < fl->n && fl->preempt[ip];
}

int32_t code_flow_stack(const CodeFlow *fl, int32_t ip, bool suspended, StackSlot *out,
                        int32_t cap) {
    if (ip < 0 || ip >= fl->n || fl->depth[ip] < 0) return -1;
    int32_t d = fl->depth[ip];
    Opcode op = INSTR_OP(fl->code->instrs[ip]);
    int32_t a = INSTR_ARG(fl->code->instrs[ip]);
    int32_t keep = d; // slots of the state before ip that are there
    StackSlot extra = {-1, SK_ANY};
    bool has_extra = false;
    if (suspended) {
        // While a callee runs, an instruction has popped its operands
        // (eval.c), except: FOR_ITER, SEND and JUMP_IF_*_OR_POP keep their
        // iterator or value until they complete; LOAD_METHOD has put NULL
        // below the attribute being computed, BEFORE_WITH the bound
        // __exit__ below the result of __enter__.
        keep = d - (int32_t)op_pops(op, a);
        switch (op) {
        case OP_FOR_ITER:
        case OP_SEND:
        case OP_JUMP_IF_FALSE_OR_POP:
        case OP_JUMP_IF_TRUE_OR_POP: keep++; break;
        case OP_LOAD_METHOD: extra = (StackSlot){ip, SK_NULL}, has_extra = true; break;
        case OP_BEFORE_WITH: extra = (StackSlot){ip, SK_ANY}, has_extra = true; break;
        default: break;
        }
    }
    int32_t depth = keep + (has_extra ? 1 : 0);
    if (has_extra && keep < cap) out[keep] = extra;
    for (SNode *s = fl->state[ip]; s; s = s->next) {
        int32_t hi = s->top < keep ? s->top : keep;
        if (hi > cap) hi = cap;
        for (int32_t k = s->top - s->count; k < hi; k++) out[k] = (StackSlot){s->producer, s->kind};
    }
    return depth;
}

// True if [v] is constant [c] or an equal value of its type: the same int,
// float (bit for bit), str or bytes, a tuple of equal items; other
// constants (code objects, frozensets, singletons) only themselves. (A
// frame of a function bound to the running program runs the program's code
// object, whose constants are not the decoded records.)
static bool const_equal(Value v, Value c, int depth) {
    if (v == c) return true;
    Type *t = val_type(c);
    if (val_type(v) != t || depth > 64) return false;
    if (t == &IntType) return int_value(v) == int_value(c);
    if (t == &FloatType) {
        double x = float_value(v), y = float_value(c);
        return memcmp(&x, &y, sizeof x) == 0;
    }
    if (t == &StrType) return str_eq((Str *)v, (Str *)c);
    if (t == &BytesType)
        return ((Bytes *)v)->len == ((Bytes *)c)->len &&
               memcmp(((Bytes *)v)->data, ((Bytes *)c)->data, (size_t)((Bytes *)c)->len) == 0;
    if (t == &TupleType) {
        Tuple *x = (Tuple *)v, *y = (Tuple *)c;
        if (x->len != y->len) return false;
        for (int64_t k = 0; k < x->len; k++)
            if (!const_equal(x->items[k], y->items[k], depth + 1)) return false;
        return true;
    }
    return false;
}

bool code_slot_admits(Code *code, StackSlot s, Value v) {
    if (s.kind == SK_NULLABLE) return true;
    if (s.kind == SK_NULL || !v) return s.kind == SK_NULL && !v;
    if (s.producer >= 0 && s.producer < code->ninstrs) {
        Opcode op = INSTR_OP(code->instrs[s.producer]);
        int32_t a = INSTR_ARG(code->instrs[s.producer]);
        if (op == OP_LOAD_CONST)
            return a < code->consts->len && const_equal(v, code->consts->items[a], 0);
        if (op == OP_BUILD_TUPLE && (!val_is(v, &TupleType) || ((Tuple *)v)->len != a))
            return false;
    }
    Type *t = val_type(v);
    switch ((SlotKind)s.kind) {
    case SK_LIST: return t == &ListType;
    case SK_SET: return t == &SetType;
    case SK_DICT: return t == &DictType;
    case SK_TUPLE: return t == &TupleType;
    case SK_CELLS:
        if (t != &TupleType) return false;
        for (int64_t k = 0; k < ((Tuple *)v)->len; k++)
            if (!val_is(((Tuple *)v)->items[k], &CellType)) return false;
        return true;
    case SK_STR: return t == &StrType;
    case SK_CODE: return t == &CodeType;
    case SK_CELL: return t == &CellType;
    case SK_FUNC: return t == &FuncType;
    case SK_ITER: return t->tp_next || t->dunders[DUNDER_NEXT] || t == &GeneratorType;
    case SK_EXC: return (t->flags & TF_EXCEPTION) != 0;
    case SK_EXC_INFO: return v == VAL_NONE || (t->flags & TF_EXCEPTION);
    case SK_LASTI: return val_is_small(v) && val_small(v) >= 0 && val_small(v) < code->ninstrs;
    default: return true; // SK_ANY
    }
}
