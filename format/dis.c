// dis.c — `prickle dis`: a readable listing of a pickle, as pickletools.dis
// is for CPython's: the header, a whole scheduler's settings, a summary of
// every tasklet (its chain of frames and helper records, bottom to top, with
// function, line, instruction, value stack and locals), suspended generators
// and channels, a disassembly of every code record (code_dis's format,
// shared through code_dis_instr, with the instructions frames stand at
// marked), then every record with its named fields. Works on the raw msgpack
// after the shared parse and shape checks (parse.c): nothing is decoded or
// run, and every reference, table index and bytecode word is checked before
// it is followed (shape checks do not verify bytecode).
#include "code.h"
#include "err.h"
#include "fmt_impl.h"
#include "helper.h"
#include "num.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const msgpack_object *recs;
    uint32_t n;
    uint8_t *kinds;
    uint8_t *seen;   // chain walks: records visited by the current walk
    uint32_t *chain; // the records of the chain walk_chain followed, top first
    // The tasklet whose chain holds each frame and helper record, the
    // exception whose traceback holds each traceback record, or -1: each is
    // listed there (once, whatever a malformed pickle shares).
    int64_t *owner;
    uint32_t *set_items; // the number of items of each set record (UINT32_MAX: not counted)
    // Where frames and tracebacks stand, per code record: a list through
    // mark_next from mark_head[code] (-1 ends it).
    int64_t *mark_head, *mark_next;
    FILE *out;
} Dis;

// Field indices used by the summaries (kinds.def).
enum { CODE_NAME = 0, CODE_QUALNAME, CODE_FILENAME, CODE_FIRSTLINENO, CODE_ARGCOUNT };
enum { CODE_POSONLY = 5, CODE_KWONLY, CODE_NLOCALS, CODE_NCELLS, CODE_NFREES, CODE_STACKSIZE };
enum { CODE_FLAGS = 11, CODE_INSTRS, CODE_POSITIONS, CODE_EXCTABLE };
enum { CODE_CONSTS = 15, CODE_NAMES, CODE_VARNAMES, CODE_CELLVARS, CODE_FREEVARS, CODE_HASH };
enum {
    FRAME_CODE = 0,
    FRAME_LOCALS = 3,
    FRAME_GEN,
    FRAME_BACK,
    FRAME_INIT_SELF,
    FRAME_IP,
    FRAME_SP,
    FRAME_SLOTS
};
enum { HELPER_NAME = 0, HELPER_LABEL, HELPER_REQUEST, HELPER_REQ_FN, HELPER_REQ_ARGS };
enum { HELPER_REQ_KWARGS = 5, HELPER_BACK, HELPER_FIELDS };
enum { TASKLET_FUNC = 2, TASKLET_STATE = 5, TASKLET_STARTED = 8, TASKLET_IS_MAIN };
enum { TASKLET_RESUME = 12, TASKLET_RESUME_VALUE, TASKLET_RESUME_EXC, TASKLET_TOP };
enum { TASKLET_EXC_INFO = 16 };
enum { GEN_FRAME = 0, GEN_QUALNAME = 2, GEN_STATE };
enum { CHANNEL_BALANCE = 2, CHANNEL_WAITING = 6 };
enum { TB_NEXT = 0, TB_FRAME, TB_IP, TB_LINE };
enum { EXC_ARGS = 2, EXC_TRACEBACK, EXC_CAUSE, EXC_CONTEXT };
enum { SCHED_MAIN = 0, SCHED_NEXT, SCHED_RUNQUEUE, SCHED_MODULES, SCHED_RECURSION_LIMIT };
enum { SCHED_TIMEOUT = 5, SCHED_TOTAL_LEFT, SCHED_TOTALTIMEOUT, SCHED_MAIN_IN_RUN };

static const msgpack_object *fld(Dis *d, uint32_t i, int f) {
    return &d->recs[i].via.array.ptr[1 + f];
}

static int64_t fint(Dis *d, uint32_t i, int f) {
    const msgpack_object *o = fld(d, i, f);
    return o->type == MSGPACK_OBJECT_POSITIVE_INTEGER ? (int64_t)o->via.u64 : o->via.i64;
}

// The id a reference field (or array item) points to, or -1 for nil.
static int64_t ref_id(const msgpack_object *o) {
    return o->type == MSGPACK_OBJECT_NIL ? -1 : (int64_t)o->via.u64;
}

static int64_t fref(Dis *d, uint32_t i, int f) {
    return ref_id(fld(d, i, f));
}

// True if [id] is a record of kind [k].
static bool is_kind(Dis *d, int64_t id, Kind k) {
    return id >= 0 && (uint32_t)id < d->n && d->kinds[id] == k;
}

static bool fstr_is(Dis *d, uint32_t i, int f, const char *s) {
    const msgpack_object *o = fld(d, i, f);
    return o->via.str.size == strlen(s) &&
           (o->via.str.size == 0 || memcmp(o->via.str.ptr, s, o->via.str.size) == 0);
}

// ---- printing values -----------------------------------------------------------------------

// Print [n] bytes of text as a quoted Python-style literal, at most [max]
// bytes of it (then "..."); bytes of invalid UTF-8 as \xNN.
static void put_quoted(FILE *out, const char *s, size_t n, size_t max, bool is_bytes) {
    int64_t nchars;
    bool utf8 = !is_bytes && fmt_utf8_valid((const uint8_t *)s, n, &nchars);
    fputs(is_bytes ? "b'" : "'", out);
    size_t lim = n < max ? n : max;
    for (size_t k = 0; k < lim; k++) {
        unsigned char c = (unsigned char)s[k];
        if (c == '\'' || c == '\\')
            fprintf(out, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", out);
        else if (c == '\t')
            fputs("\\t", out);
        else if (c < 0x20 || c == 0x7f || (c >= 0x80 && !utf8))
            fprintf(out, "\\x%02x", c);
        else if (c >= 0xc0 && k + 4 > lim) {
            // Do not cut a character in two at the truncation point.
            size_t len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
            if (k + len > lim) break;
            fputc(c, out);
        } else
            fputc(c, out);
    }
    fputs(n > max ? "'..." : "'", out);
}

// Print [x] as Python's repr does.
static void put_float(FILE *out, double x) {
    Str *s = float_repr(x);
    fwrite(s->data, 1, (size_t)s->len, out);
}

// Print the str field [f] of record [i].
static void put_sfield(Dis *d, uint32_t i, int f, size_t max) {
    const msgpack_object *o = fld(d, i, f);
    put_quoted(d->out, o->via.str.ptr, o->via.str.size, max, false);
}

// Print [n] bytes of text: plain when it is a short printable ASCII word,
// else quoted.
static void put_text(FILE *out, const char *s, size_t n) {
    bool plain = n > 0 && n <= 200;
    for (size_t k = 0; plain && k < n; k++) {
        unsigned char c = (unsigned char)s[k];
        plain = c > 0x20 && c < 0x7f && c != '\'' && c != '\\' && c != ',' && c != '=';
    }
    if (plain)
        fwrite(s, 1, n, out);
    else
        put_quoted(out, s, n, 60, false);
}

// Print the str field [f] of record [i] as put_text does.
static void put_sname(Dis *d, uint32_t i, int f) {
    const msgpack_object *o = fld(d, i, f);
    put_text(d->out, o->via.str.ptr, o->via.str.size);
}

// Print the text of the str record [id] as put_text does, or "?" if [id] is
// not a str record.
static void put_name(Dis *d, int64_t id) {
    if (is_kind(d, id, K_STR))
        put_sname(d, (uint32_t)id, 0);
    else
        fputs("?", d->out);
}

// The number of non-nil items of the array field [f] of record [i].
static uint32_t count_items(Dis *d, uint32_t i, int f) {
    const msgpack_object *a = fld(d, i, f);
    uint32_t c = 0;
    for (uint32_t k = 0; k < a->via.array.size; k++)
        c += a->via.array.ptr[k].type != MSGPACK_OBJECT_NIL;
    return c;
}

// A short description of the record [id] (-1: nil): `int 3`, `str 'abc'`,
// `list #12 (3 items)`, `function #7 f`, `<nil>`.
static void brief(Dis *d, int64_t id) {
    FILE *out = d->out;
    if (id < 0) {
        fputs("<nil>", out);
        return;
    }
    uint32_t i = (uint32_t)id;
    Kind k = (Kind)d->kinds[i];
    switch (k) {
    case K_NONE:
    case K_TRUE:
    case K_FALSE:
    case K_ELLIPSIS:
    case K_NOTIMPL: fputs(fmt_kinds[k].name, out); return;
    case K_INT: fprintf(out, "int %" PRId64, fint(d, i, 0)); return;
    case K_FLOAT: {
        fputs("float ", out);
        put_float(out, fld(d, i, 0)->via.f64);
        return;
    }
    case K_STR:
        fputs("str ", out);
        put_sfield(d, i, 0, 40);
        return;
    case K_BYTES: {
        const msgpack_object *o = fld(d, i, 0);
        fputs("bytes ", out);
        put_quoted(out, o->via.bin.ptr, o->via.bin.size, 40, true);
        return;
    }
    default: break;
    }
    fprintf(out, "%s #%u", fmt_kinds[k].name, i);
    switch (k) {
    case K_TUPLE:
    case K_LIST: fprintf(out, " (%u items)", fld(d, i, 0)->via.array.size); break;
    case K_DICT: fprintf(out, " (%u items)", fld(d, i, 0)->via.array.size / 2); break;
    case K_SET:
        if (d->set_items[i] == UINT32_MAX) d->set_items[i] = count_items(d, i, 3);
        fprintf(out, " (%s, %u items)", fld(d, i, 0)->via.boolean ? "frozen" : "mutable",
                d->set_items[i]);
        break;
    case K_CODE:
    case K_CLASS:
        fputc(' ', out);
        put_name(d, fref(d, i, 1));
        break;
    case K_FUNC:
        fputc(' ', out);
        put_name(d, fref(d, i, 6));
        break;
    case K_GENERATOR:
        fputc(' ', out);
        put_name(d, fref(d, i, GEN_QUALNAME));
        fputs(" (", out);
        put_sname(d, i, GEN_STATE);
        fputc(')', out);
        break;
    case K_BUILTIN:
    case K_TYPE_REF:
    case K_MODULE:
    case K_DICT_ITER:
    case K_DICT_VIEW:
        fputc(' ', out);
        put_sname(d, i, 0);
        break;
    case K_MODULE_DICT:
        if (is_kind(d, fref(d, i, 0), K_MODULE)) {
            fputs(" of module ", out);
            put_sname(d, (uint32_t)fref(d, i, 0), 0);
        }
        break;
    case K_INSTANCE:
    case K_EXCEPTION: {
        int64_t c = fref(d, i, 0);
        fputs(" of ", out);
        if (is_kind(d, c, K_CLASS))
            put_name(d, fref(d, (uint32_t)c, 1));
        else if (is_kind(d, c, K_TYPE_REF))
            put_sname(d, (uint32_t)c, 0);
        else
            fputs("?", out);
        break;
    }
    default: break;
    }
}

// Print field [f] of record [i] (shape letter [t]) in the record listing.
static void put_field(Dis *d, uint32_t i, int f, char t) {
    FILE *out = d->out;
    const msgpack_object *o = fld(d, i, f);
    switch (t) {
    case 'R':
    case 'r': {
        int64_t id = ref_id(o);
        if (id < 0) {
            fputs("nil", out);
            break;
        }
        fprintf(out, "#%" PRId64, id);
        Kind k = (Kind)d->kinds[id];
        if (k == K_STR || k == K_INT || (k >= K_NONE && k <= K_NOTIMPL)) {
            fputc('(', out);
            if (k == K_STR)
                put_sfield(d, (uint32_t)id, 0, 40);
            else if (k == K_INT)
                fprintf(out, "%" PRId64, fint(d, (uint32_t)id, 0));
            else
                fputs(fmt_kinds[k].name, out);
            fputc(')', out);
        }
        break;
    }
    case 'i': fprintf(out, "%" PRId64, fint(d, i, f)); break;
    case 'u': fprintf(out, "%" PRIu64, o->via.u64); break;
    case 'f': put_float(out, o->via.f64); break;
    case 'B': fputs(o->via.boolean ? "True" : "False", out); break;
    case 's': put_quoted(out, o->via.str.ptr, o->via.str.size, 200, false); break;
    case 'b':
        if (o->via.bin.size <= 8) {
            fputs("0x", out);
            for (uint32_t k = 0; k < o->via.bin.size; k++)
                fprintf(out, "%02x", (unsigned char)o->via.bin.ptr[k]);
        } else {
            fprintf(out, "<%u bytes>", o->via.bin.size);
        }
        break;
    case 'A':
    case 'I':
        fputc('[', out);
        for (uint32_t k = 0; k < o->via.array.size; k++) {
            const msgpack_object *e = &o->via.array.ptr[k];
            if (k) fputs(", ", out);
            if (e->type == MSGPACK_OBJECT_NIL)
                fputs("nil", out);
            else if (t == 'A')
                fprintf(out, "#%" PRIu64, e->via.u64);
            else if (e->type == MSGPACK_OBJECT_POSITIVE_INTEGER)
                fprintf(out, "%" PRIu64, e->via.u64);
            else
                fprintf(out, "%" PRId64, e->via.i64);
        }
        fputc(']', out);
        break;
    }
}

// ---- frames and helper records ------------------------------------------------------------

static uint32_t get_le32(const char *p) {
    const uint8_t *b = (const uint8_t *)p;
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

// Item [k] of the tuple record [tuple], or -1 (nil, or out of range).
static int64_t tuple_item(Dis *d, int64_t tuple, int64_t k) {
    if (!is_kind(d, tuple, K_TUPLE) || k < 0) return -1;
    const msgpack_object *a = fld(d, (uint32_t)tuple, 0);
    return k < a->via.array.size ? ref_id(&a->via.array.ptr[k]) : -1;
}

// The name of local/cell [k] from the name tuple of field [f] of code [c].
static void put_varname(Dis *d, uint32_t c, int f, int64_t k) {
    int64_t s = tuple_item(d, fref(d, c, f), k);
    if (is_kind(d, s, K_STR))
        put_name(d, s);
    else
        fprintf(d->out, "%s%" PRId64, f == CODE_VARNAMES ? "local" : "cell", k);
}

// A constant as its short repr (Python's for scalars and tuples of them, a
// reference for the rest), or "?" for -1; nested tuples at most [depth]
// deep and 8 items long.
static void put_const_depth(Dis *d, int64_t id, int depth) {
    FILE *out = d->out;
    if (id < 0) {
        fputs("?", out);
        return;
    }
    uint32_t i = (uint32_t)id;
    switch ((Kind)d->kinds[i]) {
    case K_INT: fprintf(out, "%" PRId64, fint(d, i, 0)); return;
    case K_FLOAT: put_float(out, fld(d, i, 0)->via.f64); return;
    case K_STR: put_sfield(d, i, 0, 60); return;
    case K_BYTES: {
        const msgpack_object *o = fld(d, i, 0);
        put_quoted(out, o->via.bin.ptr, o->via.bin.size, 60, true);
        return;
    }
    case K_TUPLE: {
        const msgpack_object *a = fld(d, i, 0);
        if (depth <= 0) {
            fputs(a->via.array.size ? "(...)" : "()", out);
            return;
        }
        fputc('(', out);
        for (uint32_t k = 0; k < a->via.array.size; k++) {
            if (k) fputs(", ", out);
            if (k == 8) {
                fputs("...", out);
                break;
            }
            put_const_depth(d, ref_id(&a->via.array.ptr[k]), depth - 1);
        }
        fputs(a->via.array.size == 1 ? ",)" : ")", out);
        return;
    }
    case K_CODE:
        fputs("<code object ", out);
        put_name(d, fref(d, i, CODE_NAME));
        fprintf(out, ", code #%u>", i);
        return;
    default: brief(d, id); return;
    }
}

static void put_const(Dis *d, int64_t id) {
    put_const_depth(d, id, 3);
}

// Run [print](d, id) with its output appended to [b].
static void capture(Dis *d, StrBuf *b, void (*print)(Dis *, int64_t), int64_t id) {
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    if (!mem) return;
    FILE *out = d->out;
    d->out = mem;
    print(d, id);
    fclose(mem);
    d->out = out;
    strbuf_putn(b, text, (int64_t)len);
    free(text);
}

// The code record whose instructions' arguments arg_meaning resolves.
typedef struct {
    Dis *d;
    uint32_t c;
} ArgCtx;

// The meaning of a constant, name, local or cell argument [arg] of an
// instruction of code record ((ArgCtx *)ctx)->c, from its tables
// (CodeArgFn): a constant's short repr, a name; "?" where the tables do not
// have it.
static void arg_meaning(StrBuf *b, ArgKind kind, int32_t arg, void *ctx) {
    Dis *d = ((ArgCtx *)ctx)->d;
    uint32_t c = ((ArgCtx *)ctx)->c;
    int64_t ncells = fint(d, c, CODE_NCELLS);
    if (ncells < 0) ncells = 0;
    switch (kind) {
    case ARG_CONST: capture(d, b, put_const, tuple_item(d, fref(d, c, CODE_CONSTS), arg)); return;
    case ARG_NAME: capture(d, b, put_name, tuple_item(d, fref(d, c, CODE_NAMES), arg)); return;
    case ARG_LOCAL: capture(d, b, put_name, tuple_item(d, fref(d, c, CODE_VARNAMES), arg)); return;
    case ARG_CELL:
        capture(d, b, put_name,
                arg < ncells ? tuple_item(d, fref(d, c, CODE_CELLVARS), arg)
                             : tuple_item(d, fref(d, c, CODE_FREEVARS), arg - ncells));
        return;
    default: return;
    }
}

// The number of whole instructions of code record [c].
static uint32_t ninstrs(Dis *d, uint32_t c) {
    return fld(d, c, CODE_INSTRS)->via.bin.size / 4;
}

// Instruction word [ip] of code record [c] (ip < ninstrs).
static uint32_t instr_word(Dis *d, uint32_t c, uint32_t ip) {
    return get_le32(fld(d, c, CODE_INSTRS)->via.bin.ptr + 4 * (size_t)ip);
}

// Print the instruction at [ip] of code [c]: opcode name, argument and its
// meaning (code_dis_arg), e.g. `LOAD_FAST 1 (k)`.
static void put_instr(Dis *d, uint32_t c, int64_t ip) {
    FILE *out = d->out;
    if (ip < 0 || ip >= ninstrs(d, c)) {
        fputs("<ip out of range>", out);
        return;
    }
    uint32_t w = instr_word(d, c, (uint32_t)ip);
    Opcode op = INSTR_OP(w);
    if (op >= OP_COUNT) {
        fprintf(out, "<bad opcode %d>", (int)op);
        return;
    }
    fputs(op_info[op].name, out);
    if (op_info[op].arg != ARG_NONE) fprintf(out, " %d", (int)INSTR_ARG(w));
    StrBuf m;
    strbuf_init(&m);
    ArgCtx ctx = {d, c};
    code_dis_arg(&m, op, INSTR_ARG(w), arg_meaning, &ctx);
    if (m.len) fprintf(out, " (%.*s)", (int)m.len, m.data);
}

// The source position of [ip] of code [c] ("file:line").
static void put_position(Dis *d, uint32_t c, int64_t ip) {
    put_name(d, fref(d, c, CODE_FILENAME));
    const msgpack_object *pos = fld(d, c, CODE_POSITIONS);
    if (ip >= 0 && (uint64_t)ip < pos->via.bin.size / 16)
        fprintf(d->out, ":%d", (int32_t)get_le32(pos->via.bin.ptr + 16 * ip));
    else
        fputs(":?", d->out);
}

// Print a list of the slots [from, to) of a frame, or "(empty)".
static void put_slots(Dis *d, const msgpack_object *slots, int64_t from, int64_t to) {
    if (to > slots->via.array.size) to = slots->via.array.size;
    if (from >= to) fputs(" (empty)", d->out);
    for (int64_t k = from; k < to; k++) {
        fputs(k > from ? ", " : " ", d->out);
        brief(d, ref_id(&slots->via.array.ptr[k]));
    }
}

// How frame [i] stands at its instruction: the top frame of a preempted
// tasklet (resume `continue`) is about to execute it; every other frame of a
// chain, and a suspended generator's, is suspended in it while the record
// above runs (or until the generator is resumed).
static const char *frame_how(Dis *d, uint32_t i) {
    int64_t t = d->owner[i], g = fref(d, i, FRAME_GEN);
    if (t >= 0)
        return fref(d, (uint32_t)t, TASKLET_TOP) == i &&
                       fstr_is(d, (uint32_t)t, TASKLET_RESUME, "continue")
                   ? "preempted before"
                   : "suspended at";
    if (is_kind(d, g, K_GENERATOR) && fref(d, (uint32_t)g, GEN_FRAME) == i) {
        if (fstr_is(d, (uint32_t)g, GEN_STATE, "created")) return "not started, at";
        if (fstr_is(d, (uint32_t)g, GEN_STATE, "suspended")) return "suspended at";
    }
    return "at";
}

// A frame record: function, position, where it stands (frame_how),
// instruction, value stack, locals, cells.
static void print_frame(Dis *d, uint32_t i, const char *indent) {
    FILE *out = d->out;
    int64_t cid = fref(d, i, FRAME_CODE);
    fprintf(out, "%sframe #%u ", indent, i);
    if (!is_kind(d, cid, K_CODE)) {
        fprintf(out, "(its code #%" PRId64 " is not a code record)\n", cid);
        return;
    }
    uint32_t c = (uint32_t)cid;
    int64_t ip = fint(d, i, FRAME_IP), sp = fint(d, i, FRAME_SP);
    put_name(d, fref(d, c, CODE_QUALNAME));
    fputs("  ", out);
    put_position(d, c, ip);
    fprintf(out, "  %s ip %" PRId64 ": ", frame_how(d, i), ip);
    put_instr(d, c, ip);
    fprintf(out, "  (code #%u)", c);
    if (fref(d, i, FRAME_GEN) >= 0)
        fprintf(out, "  (generator #%" PRId64 ")", fref(d, i, FRAME_GEN));
    if (fref(d, i, FRAME_INIT_SELF) >= 0) {
        fputs("  (__init__ of ", out);
        brief(d, fref(d, i, FRAME_INIT_SELF));
        fputc(')', out);
    }
    fputc('\n', out);
    const msgpack_object *slots = fld(d, i, FRAME_SLOTS);
    int64_t nl = fint(d, c, CODE_NLOCALS), nc = fint(d, c, CODE_NCELLS),
            nf = fint(d, c, CODE_NFREES);
    int64_t size = slots->via.array.size;
    if (nl < 0 || nc < 0 || nf < 0 || nl > size || nc > size || nf > size || nl + nc + nf > size) {
        fprintf(out, "%s    (%u slots do not match its code's counts)\n", indent,
                slots->via.array.size);
        return;
    }
    int64_t base = nl + nc + nf;
    fprintf(out, "%s    stack (%" PRId64 ", bottom first):", indent, sp);
    put_slots(d, slots, base, sp < 0 ? base : sp > size ? size : base + sp);
    fputc('\n', out);
    if (fref(d, i, FRAME_LOCALS) >= 0) {
        fprintf(out, "%s    locals dict: ", indent);
        brief(d, fref(d, i, FRAME_LOCALS));
        fputc('\n', out);
    }
    if (nl) {
        fprintf(out, "%s    locals:", indent);
        for (int64_t k = 0; k < nl; k++) {
            fputs(k ? ", " : " ", out);
            put_varname(d, c, CODE_VARNAMES, k);
            int64_t v = ref_id(&slots->via.array.ptr[k]);
            fputc('=', out);
            if (v < 0)
                fputs("<unbound>", out);
            else
                brief(d, v);
        }
        fputc('\n', out);
    }
    if (nc + nf) {
        fprintf(out, "%s    cells:", indent);
        for (int64_t k = 0; k < nc + nf; k++) {
            fputs(k ? ", " : " ", out);
            put_varname(d, c, k < nc ? CODE_CELLVARS : CODE_FREEVARS, k < nc ? k : k - nc);
            int64_t cell = ref_id(&slots->via.array.ptr[nl + k]);
            fputc('=', out);
            if (is_kind(d, cell, K_CELL)) {
                fprintf(out, "cell #%" PRId64 " -> ", cell);
                int64_t v = fref(d, (uint32_t)cell, 0);
                if (v < 0)
                    fputs("<empty>", out);
                else
                    brief(d, v);
            } else {
                brief(d, cell);
            }
        }
        fputc('\n', out);
    }
}

// A helper record: name, label, pending request, named fields.
static void print_helper(Dis *d, uint32_t i, const char *indent) {
    FILE *out = d->out;
    const msgpack_object *name = fld(d, i, HELPER_NAME);
    fprintf(out, "%shelper #%u ", indent, i);
    put_sname(d, i, HELPER_NAME);
    fputs("  label ", out);
    put_sname(d, i, HELPER_LABEL);
    fputs("  request ", out);
    put_sname(d, i, HELPER_REQUEST);
    if (fref(d, i, HELPER_REQ_FN) >= 0) {
        fputs(" of ", out);
        brief(d, fref(d, i, HELPER_REQ_FN));
    }
    if (fref(d, i, HELPER_REQ_ARGS) >= 0) {
        fputs(" args ", out);
        brief(d, fref(d, i, HELPER_REQ_ARGS));
    }
    if (fref(d, i, HELPER_REQ_KWARGS) >= 0) {
        fputs(" kwargs ", out);
        brief(d, fref(d, i, HELPER_REQ_KWARGS));
    }
    char *cname = gc_alloc_atomic(name->via.str.size + 1);
    if (name->via.str.size) memcpy(cname, name->via.str.ptr, name->via.str.size);
    cname[name->via.str.size] = 0;
    const HelperDef *def = helper_lookup(cname); // names hold no NUL (fmt_check_shape)
    if (!def) fputs("  (not a helper of this build)", out);
    bool label_known = false;
    for (int k = 0; def && k < def->nlabels && !label_known; k++)
        label_known = fstr_is(d, i, HELPER_LABEL, def->labels[k]);
    if (def && !label_known) fputs("  (a label this helper does not have)", out);
    fputc('\n', out);
    // The fields, name=value, as many on a line as fit in 100 columns.
    const msgpack_object *fields = fld(d, i, HELPER_FIELDS);
    size_t col = 0, indent_len = strlen(indent) + 4;
    for (uint32_t k = 0; k < fields->via.array.size; k++) {
        char *item = NULL;
        size_t item_len = 0;
        FILE *mem = open_memstream(&item, &item_len);
        if (!mem) break;
        d->out = mem;
        if (def && def->fields && (int)k < def->nfields)
            fputs(def->fields[k], mem);
        else
            fprintf(mem, "field%u", k);
        fputc('=', mem);
        brief(d, ref_id(&fields->via.array.ptr[k]));
        fclose(mem);
        d->out = out;
        if (col && col + 2 + item_len > 100) {
            fputs(",\n", out);
            col = 0;
        }
        if (col) {
            fputs(", ", out);
            col += 2;
        } else {
            fprintf(out, "%s    ", indent);
            col = indent_len;
        }
        fputs(item, out);
        col += item_len;
        free(item);
    }
    if (col) fputc('\n', out);
}

// Follow tasklet [t]'s chain from [top] down through `back` links into
// d->chain (top first); returns its length. If it ends otherwise than at a
// nil `back`, sets [*stop] to why and [*at] to the record where it stopped.
static uint32_t walk_chain(Dis *d, uint32_t t, int64_t top, const char **stop, int64_t *at) {
    uint32_t len = 0;
    int64_t r = top;
    *stop = NULL;
    while (r >= 0) {
        Kind k = (Kind)d->kinds[r];
        if (k != K_FRAME && k != K_HELPER) {
            *stop = "is not a frame or helper record";
            break;
        }
        if (d->owner[r] >= 0 && d->owner[r] != t) {
            *stop = "and below: another tasklet's chain (listed there)";
            break;
        }
        if (d->seen[r]) {
            *stop = "repeats a record: the chain loops";
            break;
        }
        d->seen[r] = 1;
        d->chain[len++] = (uint32_t)r;
        r = fref(d, (uint32_t)r, k == K_FRAME ? FRAME_BACK : HELPER_BACK);
    }
    for (uint32_t k = 0; k < len; k++) d->seen[d->chain[k]] = 0;
    *at = r;
    return len;
}

// Print tasklet [t]'s chain from [top], bottom to top.
static void print_chain(Dis *d, uint32_t t, int64_t top) {
    FILE *out = d->out;
    const char *stop;
    int64_t at;
    uint32_t len = walk_chain(d, t, top, &stop, &at);
    // (print_frame and print_helper do not walk chains: d->chain stays.)
    fprintf(out, "  chain, bottom to top (%u records):\n", len);
    if (stop) fprintf(out, "    (#%" PRId64 " %s)\n", at, stop);
    for (uint32_t k = len; k-- > 0;) {
        if (d->kinds[d->chain[k]] == K_FRAME)
            print_frame(d, d->chain[k], "    ");
        else
            print_helper(d, d->chain[k], "    ");
    }
}

static void print_tasklet(Dis *d, uint32_t i) {
    FILE *out = d->out;
    static const char *const states[] = {"new", "alive", "dead"};
    uint64_t st = fld(d, i, TASKLET_STATE)->via.u64;
    fprintf(out, "tasklet #%u: ", i);
    if (st < 3)
        fputs(states[st], out);
    else
        fprintf(out, "state %" PRIu64, st);
    if (fld(d, i, TASKLET_IS_MAIN)->via.boolean) fputs(", main", out);
    fputs(fld(d, i, TASKLET_STARTED)->via.boolean ? ", started" : ", not started", out);
    fputs(", resume ", out);
    put_sname(d, i, TASKLET_RESUME);
    if (fref(d, i, TASKLET_RESUME_EXC) >= 0) {
        fputs(" raising ", out);
        brief(d, fref(d, i, TASKLET_RESUME_EXC));
    } else if (fstr_is(d, i, TASKLET_RESUME, "deliver") && fref(d, i, TASKLET_RESUME_VALUE) >= 0) {
        fputs(" value ", out);
        brief(d, fref(d, i, TASKLET_RESUME_VALUE));
    }
    fputs(", func ", out);
    brief(d, fref(d, i, TASKLET_FUNC));
    int64_t exc = fref(d, i, TASKLET_EXC_INFO);
    if (exc >= 0 && d->kinds[exc] != K_NONE) {
        fputs(", handling ", out);
        brief(d, exc);
    }
    fputc('\n', out);
    if (fref(d, i, TASKLET_TOP) >= 0) print_chain(d, i, fref(d, i, TASKLET_TOP));
}

// A generator that is not running: its frame (outside any chain).
static void print_generator(Dis *d, uint32_t i) {
    fputs("generator #", d->out);
    fprintf(d->out, "%u ", i);
    put_name(d, fref(d, i, GEN_QUALNAME));
    fputs(": ", d->out);
    put_sname(d, i, GEN_STATE);
    fputc('\n', d->out);
    int64_t f = fref(d, i, GEN_FRAME);
    if (is_kind(d, f, K_FRAME) && fref(d, (uint32_t)f, FRAME_GEN) == i)
        print_frame(d, (uint32_t)f, "    ");
    else if (f >= 0)
        fprintf(d->out, "    (its frame #%" PRId64 " is not a frame of this generator)\n", f);
}

// An exception: its class and args, its traceback (oldest call first), its
// cause and context.
static void print_exception(Dis *d, uint32_t i) {
    FILE *out = d->out;
    brief(d, i);
    fputs(", args ", out);
    put_const(d, fref(d, i, EXC_ARGS));
    fputc('\n', out);
    int64_t tb = fref(d, i, EXC_TRACEBACK);
    uint32_t len = 0;
    while (is_kind(d, tb, K_TRACEBACK)) {
        uint32_t t = (uint32_t)tb;
        if (d->seen[t] || d->owner[t] != i) {
            fprintf(out, "    (traceback #%u %s)\n", t,
                    d->seen[t] ? "again: the traceback loops"
                               : "and on: another exception's traceback (listed there)");
            break;
        }
        d->seen[t] = 1;
        d->chain[len++] = t;
        int64_t f = fref(d, t, TB_FRAME);
        int64_t c = is_kind(d, f, K_FRAME) ? fref(d, (uint32_t)f, FRAME_CODE) : -1;
        fprintf(out, "    traceback #%u: line %" PRId64 ", frame #%" PRId64, t, fint(d, t, TB_LINE),
                f);
        if (is_kind(d, c, K_CODE)) {
            fputc(' ', out);
            put_name(d, fref(d, (uint32_t)c, CODE_QUALNAME));
            fprintf(out, "  ip %" PRId64 ": ", fint(d, t, TB_IP));
            put_instr(d, (uint32_t)c, fint(d, t, TB_IP));
        }
        fputc('\n', out);
        tb = fref(d, t, TB_NEXT);
    }
    for (uint32_t k = 0; k < len; k++) d->seen[d->chain[k]] = 0;
    static const char *const links[] = {"cause", "context"};
    for (int k = 0; k < 2; k++) {
        int64_t e = fref(d, i, k ? EXC_CONTEXT : EXC_CAUSE);
        if (e < 0 || d->kinds[e] == K_NONE) continue;
        fprintf(out, "    %s: ", links[k]);
        brief(d, e);
        fputc('\n', out);
    }
}

// A whole scheduler: its tasklets, run queue, modules and settings.
static void print_scheduler(Dis *d, uint32_t i) {
    FILE *out = d->out;
    fprintf(out, "scheduler #%u: main ", i);
    brief(d, fref(d, i, SCHED_MAIN));
    fputs(", next ", out);
    brief(d, fref(d, i, SCHED_NEXT));
    fprintf(out,
            "\n  recursion limit %" PRId64 ", timeout %" PRId64 ", total left %" PRId64
            ", totaltimeout %s, main in run %s\n",
            fint(d, i, SCHED_RECURSION_LIMIT), fint(d, i, SCHED_TIMEOUT),
            fint(d, i, SCHED_TOTAL_LEFT),
            fld(d, i, SCHED_TOTALTIMEOUT)->via.boolean ? "True" : "False",
            fld(d, i, SCHED_MAIN_IN_RUN)->via.boolean ? "True" : "False");
    static const char *const titles[] = {"run queue", "modules"};
    for (int t = 0; t < 2; t++) {
        const msgpack_object *a = fld(d, i, t ? SCHED_MODULES : SCHED_RUNQUEUE);
        fprintf(out, "  %s:", titles[t]);
        if (!a->via.array.size) fputs(" none", out);
        for (uint32_t k = 0; k < a->via.array.size; k++) {
            int64_t id = ref_id(&a->via.array.ptr[k]);
            fputs(k ? ", " : " ", out);
            brief(d, id);
            if (is_kind(d, id, K_MODULE) && fref(d, (uint32_t)id, 1) >= 0) {
                fputs(" (", out);
                put_name(d, fref(d, (uint32_t)id, 1));
                fputc(')', out);
            }
        }
        fputc('\n', out);
    }
}

static void print_channel(Dis *d, uint32_t i) {
    FILE *out = d->out;
    fprintf(out, "channel #%u: balance %" PRId64 ", waiting:", i, fint(d, i, CHANNEL_BALANCE));
    const msgpack_object *w = fld(d, i, CHANNEL_WAITING);
    if (!w->via.array.size) fputs(" none", out);
    for (uint32_t k = 0; k < w->via.array.size; k++) {
        fputs(k ? ", " : " ", out);
        brief(d, ref_id(&w->via.array.ptr[k]));
    }
    fputc('\n', out);
}

// ---- code records ---------------------------------------------------------------------------

// A frame or traceback standing at instruction [ip] of a code record.
typedef struct {
    int64_t ip;
    uint32_t id;
} Mark;

static int mark_order(const void *a, const void *b) {
    const Mark *x = a, *y = b;
    if (x->ip != y->ip) return x->ip < y->ip ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

// Where mark [m] comes from: `frame #33 of tasklet #1`, `traceback #51`.
static void put_mark(Dis *d, StrBuf *b, uint32_t id) {
    if (d->kinds[id] == K_TRACEBACK) {
        strbuf_printf(b, "traceback #%u", (unsigned)id);
        return;
    }
    strbuf_printf(b, "frame #%u", (unsigned)id);
    if (d->owner[id] >= 0)
        strbuf_printf(b, " of tasklet #%u", (unsigned)d->owner[id]);
    else if (fref(d, id, FRAME_GEN) >= 0)
        strbuf_printf(b, " of generator #%u", (unsigned)fref(d, id, FRAME_GEN));
}

// The frames and tracebacks at code record [c], by instruction; sets [*n].
static Mark *code_marks(Dis *d, uint32_t c, uint32_t *n) {
    uint32_t count = 0;
    for (int64_t m = d->mark_head[c]; m >= 0; m = d->mark_next[m]) count++;
    Mark *marks = gc_alloc_atomic(sizeof(Mark) * (count ? count : 1));
    count = 0;
    for (int64_t m = d->mark_head[c]; m >= 0; m = d->mark_next[m]) {
        bool tb = d->kinds[m] == K_TRACEBACK;
        marks[count++] = (Mark){fint(d, (uint32_t)m, tb ? TB_IP : FRAME_IP), (uint32_t)m};
    }
    qsort(marks, count, sizeof(Mark), mark_order);
    *n = count;
    return marks;
}

// Print "  TITLE: (a, b, c)" for the str tuple record [t].
static void put_names_line(Dis *d, const char *title, int64_t t) {
    fprintf(d->out, "  %s: (", title);
    if (is_kind(d, t, K_TUPLE)) {
        const msgpack_object *a = fld(d, (uint32_t)t, 0);
        for (uint32_t k = 0; k < a->via.array.size; k++) {
            if (k) fputs(", ", d->out);
            put_name(d, ref_id(&a->via.array.ptr[k]));
        }
    } else {
        fputs("?", d->out);
    }
    fputs(")\n", d->out);
}

// Item [k] of the int array field [f] of record [i] (k < its size).
static int64_t int_item(Dis *d, uint32_t i, int f, uint32_t k) {
    const msgpack_object *o = &fld(d, i, f)->via.array.ptr[k];
    return o->type == MSGPACK_OBJECT_POSITIVE_INTEGER ? (int64_t)o->via.u64 : o->via.i64;
}

// The source line of instruction [ip] of code record [c]; false if the
// positions table has no entry for it.
static bool instr_line(Dis *d, uint32_t c, uint32_t ip, int32_t *line) {
    const msgpack_object *pos = fld(d, c, CODE_POSITIONS);
    if (ip >= pos->via.bin.size / 16) return false;
    *line = (int32_t)get_le32(pos->via.bin.ptr + 16 * (size_t)ip);
    return true;
}

// A code record's disassembly in code_dis's format: its header and tables,
// then every instruction with its line, `->` where a frame of this pickle
// stands (and who stands there), `>>` at jump and handler targets, the
// argument's meaning from the record's tables; then its exception table.
static void print_code(Dis *d, uint32_t c) {
    FILE *out = d->out;
    fprintf(out, "Disassembly of code #%u <code object ", c);
    put_name(d, fref(d, c, CODE_NAME));
    fputs(", file ", out);
    if (is_kind(d, fref(d, c, CODE_FILENAME), K_STR))
        put_sfield(d, (uint32_t)fref(d, c, CODE_FILENAME), 0, 200);
    else
        fputs("?", out);
    fprintf(out, ", line %" PRId64 ">:\n  qualname ", fint(d, c, CODE_FIRSTLINENO));
    put_name(d, fref(d, c, CODE_QUALNAME));
    fprintf(out,
            ", argcount %" PRId64 " (posonly %" PRId64 ", kwonly %" PRId64 "), nlocals %" PRId64
            ", stacksize %" PRId64 ", flags ",
            fint(d, c, CODE_ARGCOUNT), fint(d, c, CODE_POSONLY), fint(d, c, CODE_KWONLY),
            fint(d, c, CODE_NLOCALS), fint(d, c, CODE_STACKSIZE));
    static const char *const flag_names[] = {"VARARGS", "VARKEYWORDS", "GENERATOR", "CLASSBODY",
                                             "MODULE"};
    uint64_t flags = fld(d, c, CODE_FLAGS)->via.u64;
    const char *sep = "";
    for (int k = 0; k < 5; k++)
        if (flags & (1u << k)) {
            fprintf(out, "%s%s", sep, flag_names[k]);
            sep = "|";
        }
    if (flags >> 5) fprintf(out, "%s0x%" PRIx64, sep, flags >> 5 << 5);
    if (!flags) fputs("0", out);
    fputs(", hash ", out);
    put_field(d, c, CODE_HASH, 'b');
    fputc('\n', out);
    put_names_line(d, "varnames", fref(d, c, CODE_VARNAMES));
    if (tuple_item(d, fref(d, c, CODE_CELLVARS), 0) >= 0 || fint(d, c, CODE_NCELLS))
        put_names_line(d, "cellvars", fref(d, c, CODE_CELLVARS));
    if (tuple_item(d, fref(d, c, CODE_FREEVARS), 0) >= 0 || fint(d, c, CODE_NFREES))
        put_names_line(d, "freevars", fref(d, c, CODE_FREEVARS));

    uint32_t n = ninstrs(d, c), nmarks;
    const msgpack_object *ins = fld(d, c, CODE_INSTRS), *pos = fld(d, c, CODE_POSITIONS);
    if (ins->via.bin.size % 4)
        fprintf(out, "  (instrs: %u bytes, not a whole number of instructions)\n",
                ins->via.bin.size);
    if (pos->via.bin.size != 16 * (uint64_t)n)
        fprintf(out, "  (positions: %u bytes for %u instructions)\n", pos->via.bin.size, n);
    Mark *marks = code_marks(d, c, &nmarks);
    StrBuf b;
    strbuf_init(&b);
    for (uint32_t k = 0; k < nmarks; k++) {
        if (marks[k].ip >= 0 && marks[k].ip < n) continue;
        b.len = 0;
        put_mark(d, &b, marks[k].id);
        fprintf(out, "  (%.*s stands at ip %" PRId64 ", outside the code)\n", (int)b.len, b.data,
                marks[k].ip);
    }

    // Jump and exception-handler targets.
    const msgpack_object *exc = fld(d, c, CODE_EXCTABLE);
    uint32_t nexc = exc->via.array.size / 5;
    uint8_t *target = gc_alloc_atomic(n + 1);
    memset(target, 0, n + 1);
    for (uint32_t ip = 0; ip < n; ip++) {
        uint32_t w = instr_word(d, c, ip);
        Opcode op = INSTR_OP(w);
        if (op < OP_COUNT && (op_info[op].flags & OPF_JUMP) && (uint32_t)INSTR_ARG(w) < n)
            target[INSTR_ARG(w)] = 1;
    }
    for (uint32_t e = 0; e < nexc; e++) {
        int64_t t = int_item(d, c, CODE_EXCTABLE, 5 * e + 2);
        if (t >= 0 && t < n) target[t] = 1;
    }

    ArgCtx ctx = {d, c};
    int64_t last_line = INT64_MIN; // INT64_MIN + 1: no line
    uint32_t m = 0;
    while (m < nmarks && marks[m].ip < 0) m++;
    for (uint32_t ip = 0; ip < n; ip++) {
        b.len = 0;
        int32_t line32;
        int64_t line = instr_line(d, c, ip, &line32) ? line32 : INT64_MIN + 1;
        if (line != last_line) {
            if (ip) strbuf_putc(&b, '\n');
            if (line == INT64_MIN + 1)
                strbuf_puts(&b, "   ?");
            else
                strbuf_printf(&b, "%4d", (int)line32);
            last_line = line;
        } else {
            strbuf_puts(&b, "    ");
        }
        uint32_t first = m;
        while (m < nmarks && marks[m].ip == ip) m++;
        bool frame_here = false;
        for (uint32_t k = first; k < m; k++) frame_here |= d->kinds[marks[k].id] == K_FRAME;
        code_dis_instr(&b, (int32_t)ip, instr_word(d, c, ip), frame_here, target[ip], arg_meaning,
                       &ctx);
        // (At most 8 of them: a deep recursion has many frames at one call.)
        for (uint32_t k = first; k < m && k < first + 8; k++) {
            strbuf_puts(&b, k == first ? "    <- " : ", ");
            put_mark(d, &b, marks[k].id);
        }
        if (m - first > 8) strbuf_printf(&b, " and %u more", (unsigned)(m - first - 8));
        strbuf_putc(&b, '\n');
        fwrite(b.data, 1, (size_t)b.len, out);
    }
    if (nexc) fputs("ExceptionTable:\n", out);
    for (uint32_t e = 0; e < nexc; e++) {
        int64_t v[5];
        for (int k = 0; k < 5; k++) v[k] = int_item(d, c, CODE_EXCTABLE, 5 * e + (uint32_t)k);
        fprintf(out, "  %" PRId64 " to %" PRId64 " -> %" PRId64 " [%" PRId64 "]%s\n", v[0],
                (int64_t)((uint64_t)v[1] - 1u), v[2], v[3], v[4] ? " lasti" : "");
    }
    if (exc->via.array.size % 5)
        fprintf(out, "  (exctable: %u ints, not a whole number of entries)\n", exc->via.array.size);
}

// Fill d->owner (the tasklet of every chain record) and the frame and
// traceback marks of every code record.
static void index_records(Dis *d) {
    d->owner = gc_alloc_atomic(sizeof(int64_t) * d->n);
    d->mark_head = gc_alloc_atomic(sizeof(int64_t) * d->n);
    d->mark_next = gc_alloc_atomic(sizeof(int64_t) * d->n);
    d->set_items = gc_alloc_atomic(sizeof(uint32_t) * d->n);
    for (uint32_t i = 0; i < d->n; i++) {
        d->owner[i] = d->mark_head[i] = d->mark_next[i] = -1;
        d->set_items[i] = UINT32_MAX;
    }
    for (uint32_t i = 0; i < d->n; i++) {
        if (d->kinds[i] == K_TASKLET) {
            const char *stop;
            int64_t at;
            uint32_t len = walk_chain(d, i, fref(d, i, TASKLET_TOP), &stop, &at);
            for (uint32_t k = 0; k < len; k++) d->owner[d->chain[k]] = i;
        }
        if (d->kinds[i] == K_EXCEPTION) {
            int64_t tb = fref(d, i, EXC_TRACEBACK);
            for (; is_kind(d, tb, K_TRACEBACK) && d->owner[tb] < 0;
                 tb = fref(d, (uint32_t)tb, TB_NEXT))
                d->owner[tb] = i;
        }
        int64_t frame = d->kinds[i] == K_FRAME       ? i
                        : d->kinds[i] == K_TRACEBACK ? fref(d, i, TB_FRAME)
                                                     : -1;
        int64_t c = is_kind(d, frame, K_FRAME) ? fref(d, (uint32_t)frame, FRAME_CODE) : -1;
        if (is_kind(d, c, K_CODE)) {
            d->mark_next[i] = d->mark_head[c];
            d->mark_head[c] = i;
        }
    }
}

// ---- the listing ----------------------------------------------------------------------------

static void print_header(Dis *d, const msgpack_object *h, size_t len) {
    FILE *out = d->out;
    fprintf(out,
            "prickle pickle: %zu bytes, format version %" PRIu64 ", bytecode version %" PRIu64 "\n",
            len, h[1].via.u64, h[2].via.u64);
    const msgpack_object_map *info = &h[3].via.map;
    fputs("info:", out);
    for (uint32_t k = 0; k < info->size; k++) {
        const msgpack_object *kv[2] = {&info->ptr[k].key, &info->ptr[k].val};
        fputc(' ', out);
        for (int j = 0; j < 2; j++) {
            if (j) fputc('=', out);
            if (kv[j]->type == MSGPACK_OBJECT_STR)
                put_text(out, kv[j]->via.str.ptr, kv[j]->via.str.size);
            else
                fputs("<not a str>", out);
        }
    }
    fprintf(out, "\nroot: ");
    brief(d, (int64_t)h[4].via.u64);
    fprintf(out, "\nobjects: %u", d->n);
    uint32_t count[K_MAX_PLUS_ONE] = {0};
    for (uint32_t i = 0; i < d->n; i++) count[d->kinds[i]]++;
    const char *sep = " (";
    for (int k = 0; k < K_MAX_PLUS_ONE; k++) {
        if (!count[k]) continue;
        fprintf(out, "%s%u %s", sep, count[k], fmt_kinds[k].name);
        sep = ", ";
    }
    fputs(*sep == ',' ? ")\n" : "\n", out);
}

static void print_record(Dis *d, uint32_t i) {
    const KindInfo *ki = &fmt_kinds[d->kinds[i]];
    fprintf(d->out, "#%u %s", i, ki->name);
    const char *name = ki->fields;
    for (int f = 0; ki->shape[f]; f++) {
        size_t n = strcspn(name, " ");
        fprintf(d->out, " %.*s=", (int)n, name);
        put_field(d, i, f, ki->shape[f]);
        name += n;
        while (*name == ' ') name++;
    }
    fputc('\n', d->out);
}

// One record: its fields, then its view (a tasklet's chain, a frame with its
// code's disassembly, a code record's, ...).
static void print_one(Dis *d, uint32_t i, const FmtDisOptions *opt) {
    print_record(d, i);
    Kind k = (Kind)d->kinds[i];
    if (k != K_TASKLET && k != K_FRAME && k != K_HELPER && k != K_GENERATOR && k != K_CHANNEL &&
        k != K_SCHEDULER && k != K_CODE && k != K_EXCEPTION)
        return;
    fputc('\n', d->out);
    switch (k) {
    case K_TASKLET: print_tasklet(d, i); break;
    case K_FRAME:
        print_frame(d, i, "");
        if (!opt->no_code && is_kind(d, fref(d, i, FRAME_CODE), K_CODE)) {
            fputc('\n', d->out);
            print_code(d, (uint32_t)fref(d, i, FRAME_CODE));
        }
        break;
    case K_HELPER: print_helper(d, i, ""); break;
    case K_GENERATOR: print_generator(d, i); break;
    case K_CHANNEL: print_channel(d, i); break;
    case K_SCHEDULER: print_scheduler(d, i); break;
    case K_EXCEPTION: print_exception(d, i); break;
    default: print_code(d, i); break;
    }
}

// The whole listing (or one record's) of the shape-checked records of [d];
// [header] is the pickle's top-level array, [len] its size.
static void print_listing(Dis *d, const msgpack_object *header, size_t len,
                          const FmtDisOptions *opt) {
    FmtDisOptions all = {0};
    if (!opt) opt = &all;
    FILE *out = d->out;
    d->chain = gc_alloc_atomic(sizeof(uint32_t) * (d->n ? d->n : 1));
    index_records(d);
    if (opt->one_record) {
        print_one(d, opt->record, opt);
        return;
    }
    print_header(d, header, len);
    for (uint32_t i = 0; i < d->n; i++) {
        if (d->kinds[i] != K_SCHEDULER) continue;
        fputc('\n', out);
        print_scheduler(d, i);
    }
    for (uint32_t i = 0; i < d->n; i++) {
        if (d->kinds[i] != K_TASKLET) continue;
        fputc('\n', out);
        print_tasklet(d, i);
    }
    for (uint32_t i = 0; i < d->n; i++) {
        if (d->kinds[i] == K_GENERATOR && !fstr_is(d, i, GEN_STATE, "running") &&
            !fstr_is(d, i, GEN_STATE, "finished")) {
            fputc('\n', out);
            print_generator(d, i);
        } else if (d->kinds[i] == K_CHANNEL) {
            fputc('\n', out);
            print_channel(d, i);
        } else if (d->kinds[i] == K_EXCEPTION) {
            fputc('\n', out);
            print_exception(d, i);
        }
    }
    for (uint32_t i = 0; i < d->n && !opt->no_code; i++) {
        if (d->kinds[i] != K_CODE) continue;
        fputc('\n', out);
        print_code(d, i);
    }
    if (opt->no_objects) return;
    fputs("\nobjects:\n", out);
    for (uint32_t i = 0; i < d->n; i++) print_record(d, i);
}

bool fmt_dis(const uint8_t *data, size_t len, const FmtDisOptions *opt, FILE *out) {
    FmtTree u;
    uint32_t root = 0;
    bool ok = false;
    const msgpack_object *objs = fmt_parse(&u, data, len, &root);
    Dis d = {.out = out};
    if (objs) {
        d.recs = objs->via.array.ptr;
        d.n = objs->via.array.size;
        d.kinds = gc_alloc_atomic(d.n);
        d.seen = gc_alloc_atomic(d.n);
        memset(d.seen, 0, d.n);
        ok = true;
        for (uint32_t i = 0; i < d.n && ok; i++) ok = fmt_check_shape(d.recs, d.n, i, &d.kinds[i]);
    }
    if (!ok) {
        exc_print(err_fetch(), stderr);
        fmt_tree_free(&u);
        return false;
    }
    if (opt && opt->one_record && opt->record >= d.n) {
        fprintf(stderr, "prickle dis: --record %u: the pickle has records #0 to #%u\n", opt->record,
                d.n - 1);
        fmt_tree_free(&u);
        return false;
    }
    print_listing(&d, u.top.via.array.ptr, len, opt);
    fmt_tree_free(&u);
    return true;
}
