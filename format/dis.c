// dis.c — `prickle dis`: a readable listing of a pickle, as pickletools.dis
// is for CPython's: the header, a summary of every tasklet (its chain of
// frames and helper records, bottom to top, with function, line,
// instruction, value stack and locals), suspended generators and channels,
// then every record with its named fields. Works on the raw msgpack after
// the shared parse and shape checks (parse.c): nothing is decoded or run,
// and every cross-record reference is checked before it is followed.
#include "code.h"
#include "err.h"
#include "fmt_impl.h"
#include "helper.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const msgpack_object *recs;
    uint32_t n;
    uint8_t *kinds;
    uint8_t *seen; // chain walks: records visited by the current walk
    FILE *out;
} Dis;

// Field indices used by the summaries (kinds.def).
enum { CODE_NAME = 0, CODE_QUALNAME, CODE_FILENAME, CODE_FIRSTLINENO };
enum { CODE_NLOCALS = 7, CODE_NCELLS, CODE_NFREES, CODE_INSTRS = 12, CODE_POSITIONS };
enum { CODE_CONSTS = 15, CODE_NAMES, CODE_VARNAMES, CODE_CELLVARS, CODE_FREEVARS };
enum {
    FRAME_CODE = 0,
    FRAME_GEN = 4,
    FRAME_BACK,
    FRAME_INIT_SELF,
    FRAME_IP,
    FRAME_SP,
    FRAME_SLOTS
};
enum { HELPER_NAME = 0, HELPER_LABEL, HELPER_REQUEST, HELPER_REQ_FN, HELPER_REQ_ARGS };
enum { HELPER_REQ_KWARGS = 5, HELPER_BACK, HELPER_FIELDS };
enum { TASKLET_FUNC = 2, TASKLET_STATE = 5, TASKLET_STARTED = 8, TASKLET_IS_MAIN };
enum { TASKLET_RESUME = 12, TASKLET_RESUME_EXC = 14, TASKLET_TOP };
enum { GEN_FRAME = 0, GEN_QUALNAME = 2, GEN_STATE };
enum { CHANNEL_BALANCE = 2, CHANNEL_WAITING = 6 };

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
        const msgpack_object *o = fld(d, i, 0);
        fprintf(out, "float %.17g", o->via.f64);
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
        fprintf(out, " (%s, %u items)", fld(d, i, 0)->via.boolean ? "frozen" : "mutable",
                count_items(d, i, 3));
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
    case 'f': fprintf(out, "%.17g", o->via.f64); break;
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

// Print the instruction at [ip] of code [c]: opcode name and argument.
static void put_instr(Dis *d, uint32_t c, int64_t ip) {
    FILE *out = d->out;
    const msgpack_object *ins = fld(d, c, CODE_INSTRS);
    if (ip < 0 || (uint64_t)ip >= ins->via.bin.size / 4) {
        fputs("<ip out of range>", out);
        return;
    }
    uint32_t w = get_le32(ins->via.bin.ptr + 4 * ip);
    unsigned op = INSTR_OP(w);
    int32_t arg = INSTR_ARG(w);
    if (op >= OP_COUNT) {
        fprintf(out, "<unknown opcode %u>", op);
        return;
    }
    fputs(op_info[op].name, out);
    switch (op_info[op].arg) {
    case ARG_NONE: break;
    case ARG_COUNT: fprintf(out, " %d", arg); break;
    case ARG_CONST:
        fprintf(out, " %d (", arg);
        brief(d, tuple_item(d, fref(d, c, CODE_CONSTS), arg));
        fputc(')', out);
        break;
    case ARG_NAME:
        fprintf(out, " %d (", arg);
        put_name(d, tuple_item(d, fref(d, c, CODE_NAMES), arg));
        fputc(')', out);
        break;
    case ARG_LOCAL:
        fprintf(out, " %d (", arg);
        put_varname(d, c, CODE_VARNAMES, arg);
        fputc(')', out);
        break;
    case ARG_CELL: {
        int64_t ncells = fint(d, c, CODE_NCELLS) < 0 ? 0 : fint(d, c, CODE_NCELLS);
        fprintf(out, " %d (", arg);
        if (arg < ncells)
            put_varname(d, c, CODE_CELLVARS, arg);
        else
            put_varname(d, c, CODE_FREEVARS, arg - ncells);
        fputc(')', out);
        break;
    }
    case ARG_JUMP: fprintf(out, " %d (to %d)", arg, arg); break;
    }
    if (op_info[op].flags & OPF_RESUMABLE) fputs("  [resumable]", out);
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

// A frame record: function, position, instruction, value stack, locals, cells.
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
    fprintf(out, "  ip %" PRId64 ": ", ip);
    put_instr(d, c, ip);
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

// Follow a tasklet's chain from [top] down (through `back`), then print it
// bottom to top.
static void print_chain(Dis *d, int64_t top) {
    FILE *out = d->out;
    uint32_t *chain = gc_alloc_atomic(sizeof(uint32_t) * d->n);
    uint32_t len = 0;
    const char *stop = NULL;
    int64_t r = top;
    while (r >= 0) {
        Kind k = (Kind)d->kinds[r];
        if (k != K_FRAME && k != K_HELPER) {
            stop = "is not a frame or helper record";
            break;
        }
        if (d->seen[r]) {
            stop = "repeats a record: the chain loops";
            break;
        }
        d->seen[r] = 1;
        chain[len++] = (uint32_t)r;
        r = fref(d, (uint32_t)r, k == K_FRAME ? FRAME_BACK : HELPER_BACK);
    }
    for (uint32_t k = 0; k < len; k++) d->seen[chain[k]] = 0;
    fprintf(out, "  chain, bottom to top (%u records):\n", len);
    if (stop) fprintf(out, "    (#%" PRId64 " %s)\n", r, stop);
    for (uint32_t k = len; k-- > 0;) {
        if (d->kinds[chain[k]] == K_FRAME)
            print_frame(d, chain[k], "    ");
        else
            print_helper(d, chain[k], "    ");
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
    }
    fputs(", func ", out);
    brief(d, fref(d, i, TASKLET_FUNC));
    fputc('\n', out);
    if (fref(d, i, TASKLET_TOP) >= 0) print_chain(d, fref(d, i, TASKLET_TOP));
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
    if (is_kind(d, f, K_FRAME)) print_frame(d, (uint32_t)f, "    ");
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
    fprintf(out, "\nobjects: %u\n", d->n);
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

bool fmt_dis(const uint8_t *data, size_t len, FILE *out) {
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
    print_header(&d, u.top.via.array.ptr, len);
    for (uint32_t i = 0; i < d.n; i++) {
        if (d.kinds[i] != K_TASKLET) continue;
        fputc('\n', out);
        print_tasklet(&d, i);
    }
    for (uint32_t i = 0; i < d.n; i++) {
        if (d.kinds[i] == K_GENERATOR && !fstr_is(&d, i, GEN_STATE, "running") &&
            !fstr_is(&d, i, GEN_STATE, "finished")) {
            fputc('\n', out);
            print_generator(&d, i);
        } else if (d.kinds[i] == K_CHANNEL) {
            fputc('\n', out);
            print_channel(&d, i);
        }
    }
    fputs("\nobjects:\n", out);
    for (uint32_t i = 0; i < d.n; i++) print_record(&d, i);
    fmt_tree_free(&u);
    return true;
}
