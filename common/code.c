// code.c — code objects: the opcode table generated from opcodes.def,
// stack effects, allocation, line lookup and a disassembler in the style of
// Python's dis (line numbers, jump-target marks, instruction index, opname,
// argument and its meaning, exception table, nested code objects).
#include "code.h"

#include "err.h"
#include "num.h"
#include "str.h"

#include <string.h>

const OpInfo op_info[OP_COUNT] = {
#define OP(name, argkind, effect, jeffect, flags) [OP_##name] = {#name, argkind, flags},
#include "opcodes.def"
#undef OP
};

int op_stack_effect(Opcode op, int32_t a, bool jump) {
    switch (op) {
#define OP(name, argkind, effect, jeffect, flags)                                                  \
    case OP_##name:                                                                                \
        return jump ? (jeffect) : (effect);
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

// The meaning of [arg] for [op] in [code], appended to [b].
static void put_arg_meaning(StrBuf *b, Code *code, Opcode op, int32_t arg) {
    switch (op_info[op].arg) {
    case ARG_NONE: return;
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
        Opcode op = INSTR_OP(code->instrs[i]);
        int32_t arg = INSTR_ARG(code->instrs[i]);
        int line = code_line(code, i);
        if (line != last_line) {
            if (i) strbuf_putc(b, '\n');
            strbuf_printf(b, "%4d", line);
            last_line = line;
        } else {
            strbuf_puts(b, "    ");
        }
        strbuf_printf(b, "    %s %5d ", target[i] ? ">>" : "  ", (int)i);
        if (op >= OP_COUNT) {
            strbuf_printf(b, "<bad opcode %d>\n", (int)op);
            continue;
        }
        if (op_info[op].arg == ARG_NONE) {
            strbuf_printf(b, "%s\n", op_info[op].name);
            continue;
        }
        strbuf_printf(b, "%-24s %5d", op_info[op].name, (int)arg);
        StrBuf m;
        strbuf_init(&m);
        put_arg_meaning(&m, code, op, arg);
        if (m.len) {
            strbuf_puts(b, " (");
            strbuf_putn(b, m.data, m.len);
            strbuf_putc(b, ')');
        }
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

int32_t code_verify(Code *code, int32_t *depths) {
    int32_t n = code->ninstrs;
    if (n <= 0 || !code->instrs) return bad_code(code, "no instructions");
    if (code->nlocals < 0 || code->ncells < 0 || code->nfrees < 0 ||
        tuple_len(code->varnames) != code->nlocals || tuple_len(code->cellvars) != code->ncells ||
        tuple_len(code->freevars) != code->nfrees)
        return bad_code(code, "inconsistent variable counts");
    // Arguments.
    for (int32_t i = 0; i < n; i++) {
        Opcode op = INSTR_OP(code->instrs[i]);
        int32_t arg = INSTR_ARG(code->instrs[i]);
        if (op >= OP_COUNT) return bad_code(code, "unknown opcode %d at %d", (int)op, i);
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
            return bad_code(code, "argument %d of %s at %d out of range", arg, op_info[op].name, i);
    }
    // Exception table: entries in range; handler_of[i] is the first entry covering i.
    int32_t *handler_of = gc_alloc_atomic(sizeof(int32_t) * (size_t)n);
    for (int32_t i = 0; i < n; i++) handler_of[i] = -1;
    if (code->nexc < 0 || (code->nexc && !code->exctable))
        return bad_code(code, "bad exception table");
    for (int32_t k = code->nexc - 1; k >= 0; k--) {
        ExcEntry *e = &code->exctable[k];
        if (e->start < 0 || e->end > n || e->start >= e->end || e->target < 0 || e->target >= n ||
            e->depth < 0)
            return bad_code(code, "exception table entry %d out of range", k);
        for (int32_t i = e->start; i < e->end; i++) handler_of[i] = k;
    }
    // Stack depths: a worklist over the control flow.
    int32_t *depth = depths ? depths : gc_alloc_atomic(sizeof(int32_t) * (size_t)n);
    int32_t *work = gc_alloc_atomic(sizeof(int32_t) * (size_t)n);
    for (int32_t i = 0; i < n; i++) depth[i] = -1;
    int32_t nwork = 0, maxd = 0;
    depth[0] = 0;
    work[nwork++] = 0;
    while (nwork > 0) {
        int32_t i = work[--nwork];
        for (;;) {
            int32_t d = depth[i];
            Opcode op = INSTR_OP(code->instrs[i]);
            int32_t arg = INSTR_ARG(code->instrs[i]);
            uint8_t flags = op_info[op].flags;
            int32_t targets[2], tdepth[2], nt = 0;
            // COPY / SWAP reach [arg] values down the stack.
            if ((op == OP_COPY || op == OP_SWAP) && (arg < 1 || arg > d))
                return bad_code(code, "%s %d at %d with stack depth %d", op_info[op].name, arg, i,
                                d);
            if (handler_of[i] >= 0) {
                ExcEntry *e = &code->exctable[handler_of[i]];
                if (e->depth > d)
                    return bad_code(code, "handler depth %d above stack depth %d at %d", e->depth,
                                    d, i);
                targets[nt] = e->target;
                tdepth[nt++] = e->depth + (e->lasti ? 1 : 0) + 1;
            }
            if (flags & OPF_JUMP) {
                targets[nt] = arg;
                tdepth[nt++] = d + op_stack_effect(op, arg, true);
            }
            for (int t = 0; t < nt; t++) {
                if (tdepth[t] < 0)
                    return bad_code(code, "negative stack depth after %s at %d", op_info[op].name,
                                    i);
                if (tdepth[t] > maxd) maxd = tdepth[t];
                if (depth[targets[t]] < 0) {
                    depth[targets[t]] = tdepth[t];
                    work[nwork++] = targets[t];
                } else if (depth[targets[t]] != tdepth[t]) {
                    return bad_code(code, "inconsistent stack depth at %d (%d and %d)", targets[t],
                                    depth[targets[t]], tdepth[t]);
                }
            }
            if (flags & OPF_TERMINAL) break;
            int32_t nd = d + op_stack_effect(op, arg, false);
            if (nd < 0)
                return bad_code(code, "negative stack depth after %s at %d", op_info[op].name, i);
            if (nd > maxd) maxd = nd;
            if (i + 1 >= n) return bad_code(code, "control falls off the end");
            if (depth[i + 1] >= 0) {
                if (depth[i + 1] != nd)
                    return bad_code(code, "inconsistent stack depth at %d (%d and %d)", i + 1,
                                    depth[i + 1], nd);
                break;
            }
            depth[i + 1] = nd;
            i++;
        }
    }
    if (maxd > code->stacksize)
        return bad_code(code, "stack depth %d exceeds stacksize %d", maxd, code->stacksize);
    return maxd;
}
