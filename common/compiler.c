// compiler.c — AST to code objects, following CPython 3.11's compile.c.
//
// One Unit per code object being built (module, class body, function,
// lambda, comprehension). Instructions are emitted linearly; jumps name
// labels, patched to absolute instruction indices at assembly. Exception
// handling uses the 3.11 zero-cost scheme: the compiler keeps a stack of
// active handlers (CPython's SETUP_FINALLY / SETUP_CLEANUP / SETUP_WITH and
// POP_BLOCK pseudo-instructions), every instruction records the innermost
// handler active when it was emitted, and assembly turns runs of equal
// handlers into the exception table. The stack depth is tracked while
// emitting (code after an unconditional jump is not emitted at all) and
// checked again by a flow analysis that also yields stacksize.
#include "compiler.h"

#include "containers.h"
#include "err.h"
#include "num.h"
#include "str.h"
#include "symtable.h"

#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 3000
#define STACK_USE_GUARD 30

// ---- compiler state ---------------------------------------------------------------

typedef struct {
    uint8_t op;
    int32_t arg;     // a label id for jumps until assembly
    int32_t handler; // index into Unit.hrecs, -1: none
    CodePos pos;
} Instr;

// An exception handler: where to go and the stack depth to unwind to.
typedef struct {
    int32_t label, depth;
    uint8_t lasti;
} HRec;

typedef enum {
    FB_WHILE_LOOP,
    FB_FOR_LOOP,
    FB_TRY_EXCEPT,
    FB_FINALLY_TRY,
    FB_FINALLY_END,
    FB_WITH,
    FB_HANDLER_CLEANUP,
    FB_POP_VALUE,
    FB_EXCEPTION_HANDLER,
} FBKind;

// A statically nested block that break/continue/return must unwind.
typedef struct {
    FBKind kind;
    int32_t block, exit; // loops: continue and break labels
    Node *node;          // FB_FINALLY_TRY: the try statement; FB_WITH: the with statement
    Str *name;           // FB_HANDLER_CLEANUP: the `except ... as name` name
} FBlock;

typedef enum { US_MODULE, US_CLASS, US_FUNCTION, US_LAMBDA, US_COMPREHENSION } UnitScope;

typedef struct {
    Value *items;
    int32_t len, cap;
    int32_t *slots;
    int32_t nslots;
} ConstTable;

typedef struct Unit Unit;
struct Unit {
    Unit *parent;
    SymBlock *ste;
    UnitScope scope;
    Str *name, *qualname, *private_name;
    int firstlineno;
    Instr *instrs;
    int32_t ninstrs, capinstrs;
    int32_t *label_pos, *label_depth;
    uint8_t *label_reached;
    int32_t nlabels, caplabels;
    ConstTable consts;
    SymMap names, varnames, cellvars, freevars;
    HRec *hrecs;
    int32_t nhrecs, caphrecs;
    int32_t *hstack;
    int32_t nhstack, caphstack;
    FBlock *fblocks;
    int nfblocks, capfblocks;
    int32_t depth;  // stack depth at the emission point
    bool reachable; // false after an unconditional jump, until a reached label
    CodePos loc;    // position given to emitted instructions
    int32_t argcount, posonly, kwonly;
};

typedef struct {
    Str *filename;
    const char *src;
    jmp_buf jb;
    Unit *u;
    int depth;
    int future_lineno; // line of the last leading `from __future__ import`
} Compiler;

// ---- errors -------------------------------------------------------------------------

static _Noreturn void error_at(Compiler *c, int line, int col, int end_line, int end_col,
                               const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    Str *msg = str_vprintf(fmt, ap);
    va_end(ap);
    err_syntax(&SyntaxErrorType, c->filename, c->src, line, col, end_line, end_col, "%S", msg);
    longjmp(c->jb, 1);
}

#define ERROR_AT(c, n, ...)                                                                        \
    error_at(c, (n)->line, (n)->col, (n)->end_line, (n)->end_col, __VA_ARGS__)
#define ERROR_HERE(c, ...)                                                                         \
    error_at(c, (c)->u->loc.line, (c)->u->loc.col, (c)->u->loc.end_line, (c)->u->loc.end_col,      \
             __VA_ARGS__)

// A bug in the compiler, not in the program.
static _Noreturn void internal_error(Compiler *c, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    Str *msg = str_vprintf(fmt, ap);
    va_end(ap);
    err_format(&SystemErrorType, "compiler: %S (in %S, line %d)", msg,
               c->u ? c->u->qualname : str_from_cstr("?"), c->u ? c->u->loc.line : 0);
    longjmp(c->jb, 1);
}

// CPython's compiler_warn: a SyntaxWarning printed to stderr as the default
// warnings filter shows it (file:line: SyntaxWarning: msg, then the line).
static void warn(Compiler *c, const char *msg) {
    int line = c->u->loc.line;
    fprintf(stderr, "%s:%d: SyntaxWarning: %s\n", c->filename ? c->filename->data : "?", line, msg);
    if (!c->src || line < 1) return;
    const char *p = c->src;
    for (int l = 1; l < line && *p; p++)
        if (*p == '\n') l++;
    while (*p == ' ' || *p == '\t' || *p == '\f') p++;
    const char *q = p;
    while (*q && *q != '\n' && *q != '\r') q++;
    while (q > p && (q[-1] == ' ' || q[-1] == '\t')) q--;
    fprintf(stderr, "  %.*s\n", (int)(q - p), p);
}

static void enter_depth(Compiler *c) {
    if (++c->depth > MAX_DEPTH) {
        err_format(&RecursionErrorType, "maximum recursion depth exceeded during compilation");
        longjmp(c->jb, 1);
    }
}

// ---- growable arrays ------------------------------------------------------------------

#define GROW(c, ptr, len, cap, atomic)                                                             \
    do {                                                                                           \
        if ((len) == (cap)) {                                                                      \
            int32_t ncap_ = (cap) ? (cap)*2 : 16;                                                  \
            size_t sz_ = sizeof(*(ptr)) * (size_t)ncap_;                                           \
            void *np_ = (atomic) ? gc_alloc_atomic(sz_) : gc_alloc(sz_);                           \
            if ((len)) memcpy(np_, (ptr), sizeof(*(ptr)) * (size_t)(len));                         \
            (ptr) = np_;                                                                           \
            (cap) = ncap_;                                                                         \
        }                                                                                          \
    } while (0)

// ---- constants --------------------------------------------------------------------------

enum { CK_OTHER, CK_INT, CK_FLOAT, CK_STR, CK_BYTES, CK_TUPLE };

static int const_kind(Value v) {
    if (val_is_small(v)) return CK_INT;
    Type *t = v->type;
    if (t == &IntType) return CK_INT;
    if (t == &FloatType) return CK_FLOAT;
    if (t == &StrType) return CK_STR;
    if (t == &BytesType) return CK_BYTES;
    if (t == &TupleType) return CK_TUPLE;
    return CK_OTHER; // None, bools, Ellipsis, code: by identity
}

static uint64_t bytes_hash(const void *p, int64_t n) {
    const uint8_t *s = p;
    uint64_t h = 1469598103934665603ull;
    for (int64_t i = 0; i < n; i++) h = (h ^ s[i]) * 1099511628211ull;
    return h;
}

static uint64_t const_hash(Value v) {
    switch (const_kind(v)) {
    case CK_INT: return (uint64_t)int_value(v) * 0x9e3779b97f4a7c15ull;
    case CK_FLOAT: {
        double d = float_value(v);
        return bytes_hash(&d, sizeof d) ^ 1;
    }
    case CK_STR: return bytes_hash(((Str *)v)->data, ((Str *)v)->len) ^ 2;
    case CK_BYTES: return bytes_hash(((Bytes *)v)->data, ((Bytes *)v)->len) ^ 3;
    case CK_TUPLE: {
        Tuple *t = (Tuple *)v;
        uint64_t h = 4 + (uint64_t)t->len;
        for (int64_t i = 0; i < t->len; i++) h = h * 1000003ull ^ const_hash(t->items[i]);
        return h;
    }
    default: return (uint64_t)(uintptr_t)v >> 4;
    }
}

// Equal as constants: same type and value (1, 1.0 and True differ; 0.0 and -0.0 differ).
static bool const_equal(Value a, Value b) {
    if (a == b) return true;
    int k = const_kind(a);
    if (k != const_kind(b)) return false;
    switch (k) {
    case CK_INT: return int_value(a) == int_value(b);
    case CK_FLOAT: {
        double x = float_value(a), y = float_value(b);
        return memcmp(&x, &y, sizeof x) == 0;
    }
    case CK_STR: return str_eq((Str *)a, (Str *)b);
    case CK_BYTES:
        return ((Bytes *)a)->len == ((Bytes *)b)->len &&
               memcmp(((Bytes *)a)->data, ((Bytes *)b)->data, (size_t)((Bytes *)a)->len) == 0;
    case CK_TUPLE: {
        Tuple *x = (Tuple *)a, *y = (Tuple *)b;
        if (x->len != y->len) return false;
        for (int64_t i = 0; i < x->len; i++)
            if (!const_equal(x->items[i], y->items[i])) return false;
        return true;
    }
    default: return false;
    }
}

static void const_slot_insert(ConstTable *t, int32_t pos) {
    uint32_t mask = (uint32_t)t->nslots - 1;
    uint32_t i = (uint32_t)const_hash(t->items[pos]) & mask;
    while (t->slots[i] >= 0) i = (i + 1) & mask;
    t->slots[i] = pos;
}

static int32_t add_const(Compiler *c, Value v) {
    ConstTable *t = &c->u->consts;
    if (t->nslots) {
        uint32_t mask = (uint32_t)t->nslots - 1;
        for (uint32_t i = (uint32_t)const_hash(v) & mask;; i = (i + 1) & mask) {
            int32_t p = t->slots[i];
            if (p < 0) break;
            if (const_equal(t->items[p], v)) return p;
        }
    }
    GROW(c, t->items, t->len, t->cap, false);
    t->items[t->len] = v;
    int32_t pos = t->len++;
    if (t->len * 2 > t->nslots) {
        int32_t n = t->nslots ? t->nslots * 2 : 16;
        while (t->len * 2 > n) n *= 2;
        t->slots = gc_alloc_atomic(sizeof(int32_t) * (size_t)n);
        memset(t->slots, 0xff, sizeof(int32_t) * (size_t)n);
        t->nslots = n;
        for (int32_t i = 0; i < t->len; i++) const_slot_insert(t, i);
    } else {
        const_slot_insert(t, pos);
    }
    return pos;
}

// Truth value of a constant, for constant conditions.
static bool const_truth(Value v) {
    switch (const_kind(v)) {
    case CK_INT: return int_value(v) != 0;
    case CK_FLOAT: return float_value(v) != 0.0;
    case CK_STR: return ((Str *)v)->len != 0;
    case CK_BYTES: return ((Bytes *)v)->len != 0;
    case CK_TUPLE: return ((Tuple *)v)->len != 0;
    default: return !(v == VAL_NONE || v == VAL_FALSE);
    }
}

static bool is_str_const(Node *n) {
    return n->kind == N_CONSTANT && !val_is_small(n->u.constant.value) &&
           n->u.constant.value->type == &StrType;
}

// The docstring of a body (first statement a str constant), or NULL.
static Str *docstring(NodeList *body) {
    if (body->len == 0) return NULL;
    Node *s = body->items[0];
    if (s->kind != N_EXPR || !is_str_const(s->u.value.value)) return NULL;
    return (Str *)s->u.value.value->u.constant.value;
}

// ---- labels, handlers, emission -------------------------------------------------------------

static int32_t new_label(Compiler *c) {
    Unit *u = c->u;
    if (u->nlabels == u->caplabels) {
        int32_t n = u->caplabels ? u->caplabels * 2 : 32;
        int32_t *np = gc_alloc_atomic(sizeof(int32_t) * (size_t)n);
        int32_t *nd = gc_alloc_atomic(sizeof(int32_t) * (size_t)n);
        uint8_t *nr = gc_alloc_atomic((size_t)n);
        if (u->nlabels) {
            memcpy(np, u->label_pos, sizeof(int32_t) * (size_t)u->nlabels);
            memcpy(nd, u->label_depth, sizeof(int32_t) * (size_t)u->nlabels);
            memcpy(nr, u->label_reached, (size_t)u->nlabels);
        }
        u->label_pos = np;
        u->label_depth = nd;
        u->label_reached = nr;
        u->caplabels = n;
    }
    int32_t l = u->nlabels++;
    u->label_pos[l] = -1;
    u->label_depth[l] = -1;
    u->label_reached[l] = 0;
    return l;
}

// Record that the stack holds [depth] values whenever control reaches [l].
static void note_label_depth(Compiler *c, int32_t l, int32_t depth) {
    Unit *u = c->u;
    if (u->label_depth[l] < 0)
        u->label_depth[l] = depth;
    else if (u->label_depth[l] != depth)
        internal_error(c, "stack depth mismatch at a label (%d vs %d)", u->label_depth[l], depth);
}

static void bind_label(Compiler *c, int32_t l) {
    Unit *u = c->u;
    if (u->label_pos[l] >= 0) internal_error(c, "label bound twice");
    if (u->reachable) {
        note_label_depth(c, l, u->depth);
        u->label_reached[l] = 1;
    } else if (u->label_reached[l]) {
        u->depth = u->label_depth[l];
        u->reachable = true;
    }
    u->label_pos[l] = u->ninstrs;
}

static void emit(Compiler *c, Opcode op, int32_t arg) {
    Unit *u = c->u;
    if (!u->reachable) return;
    if (arg < 0 || arg > INSTR_ARG_MAX)
        ERROR_HERE(c, "code object too large for prickle (an argument exceeds %d)", INSTR_ARG_MAX);
    GROW(c, u->instrs, u->ninstrs, u->capinstrs, true);
    Instr *in = &u->instrs[u->ninstrs++];
    in->op = (uint8_t)op;
    in->arg = arg;
    in->handler = u->nhstack ? u->hstack[u->nhstack - 1] : -1;
    in->pos = u->loc;
    if (in->handler >= 0) u->label_reached[u->hrecs[in->handler].label] = 1;
    uint8_t flags = op_info[op].flags;
    if (flags & OPF_JUMP) {
        note_label_depth(c, arg, u->depth + op_stack_effect(op, arg, true));
        u->label_reached[arg] = 1;
    }
    u->depth += op_stack_effect(op, arg, false);
    if (u->depth < 0) internal_error(c, "negative stack depth after %s", op_info[op].name);
    if (flags & OPF_TERMINAL) u->reachable = false;
}

#define EMIT0(c, op) emit(c, OP_##op, 0)
#define EMIT(c, op, arg) emit(c, OP_##op, arg)

static void emit_const(Compiler *c, Value v) {
    emit(c, OP_LOAD_CONST, add_const(c, v));
}

// Push an exception handler (CPython's SETUP_*): instructions emitted from
// now on unwind the stack to [depth], push lasti if asked, push the
// exception and jump to [label]. Returns the handler's record.
static int32_t push_handler(Compiler *c, int32_t label, int32_t depth, bool lasti) {
    Unit *u = c->u;
    GROW(c, u->hrecs, u->nhrecs, u->caphrecs, true);
    HRec *h = &u->hrecs[u->nhrecs];
    h->label = label;
    h->depth = depth;
    h->lasti = lasti;
    note_label_depth(c, label, depth + (lasti ? 1 : 0) + 1);
    int32_t rec = u->nhrecs++;
    GROW(c, u->hstack, u->nhstack, u->caphstack, true);
    u->hstack[u->nhstack++] = rec;
    return rec;
}

// Re-activate handler record [rec] (after a path that popped it).
static void repush_handler(Compiler *c, int32_t rec) {
    Unit *u = c->u;
    GROW(c, u->hstack, u->nhstack, u->caphstack, true);
    u->hstack[u->nhstack++] = rec;
}

// CPython's POP_BLOCK.
static void pop_handler(Compiler *c) {
    if (c->u->nhstack == 0) internal_error(c, "handler stack underflow");
    c->u->nhstack--;
}

static void push_fblock(Compiler *c, FBKind kind, int32_t block, int32_t exit, Node *node,
                        Str *name) {
    Unit *u = c->u;
    if (u->nfblocks == u->capfblocks) {
        int n = u->capfblocks ? u->capfblocks * 2 : 8;
        FBlock *nf = gc_alloc(sizeof(FBlock) * (size_t)n);
        if (u->nfblocks) memcpy(nf, u->fblocks, sizeof(FBlock) * (size_t)u->nfblocks);
        u->fblocks = nf;
        u->capfblocks = n;
    }
    u->fblocks[u->nfblocks++] = (FBlock){kind, block, exit, node, name};
}

static void pop_fblock(Compiler *c, FBKind kind) {
    Unit *u = c->u;
    if (u->nfblocks == 0 || u->fblocks[u->nfblocks - 1].kind != kind)
        internal_error(c, "unbalanced block stack");
    u->nfblocks--;
}

// ---- positions ----------------------------------------------------------------------------

static CodePos node_pos(Node *n) {
    return (CodePos){n->line, n->end_line, n->col, n->end_col};
}

static void set_loc(Compiler *c, Node *n) {
    c->u->loc = node_pos(n);
}

// CPython's update_start_location_to_match_attr: a multi-line `a.\n b`
// attribute access (and the call of a method) is located at the attribute name.
static void loc_at_attr(Compiler *c, Node *attr) {
    CodePos *p = &c->u->loc;
    if (p->line != attr->end_line) {
        p->line = attr->end_line;
        int64_t len = attr->u.attribute.attr->len;
        if (len <= attr->end_col) {
            p->col = attr->end_col - (int32_t)len;
        } else {
            p->col = -1;
            p->end_col = -1;
        }
        if (p->end_line < p->line) p->end_line = p->line;
        if (p->line == p->end_line && p->end_col < p->col) p->end_col = p->col;
    }
}

// ---- names ---------------------------------------------------------------------------------

static Str *mangle(Compiler *c, Str *name) {
    return symtable_mangle(c->u->private_name, name);
}

static int32_t add_name(Compiler *c, Str *name) {
    return symtable_map_add(&c->u->names, str_intern(mangle(c, name)));
}

static Str *intern_cstr(const char *s) {
    return str_intern_cstr(s);
}

typedef enum { OPT_FAST, OPT_DEREF, OPT_GLOBAL, OPT_NAME } OpType;

static void compile_nameop(Compiler *c, Str *name, ExprCtx ctx) {
    Unit *u = c->u;
    if (ctx != CTX_LOAD && str_eq_cstr(name, "__debug__"))
        ERROR_HERE(c, ctx == CTX_STORE ? "cannot assign to __debug__" : "cannot delete __debug__");
    Str *mangled = str_intern(mangle(c, name));
    int scope = symtable_scope(u->ste, mangled);
    OpType ot = OPT_NAME;
    int32_t arg = 0;
    bool function = u->ste->kind == BLOCK_FUNCTION;
    switch (scope) {
    case SC_FREE:
        ot = OPT_DEREF;
        arg = symtable_map_find(&u->freevars, mangled);
        if (arg < 0) internal_error(c, "free variable '%S' not in freevars", mangled);
        arg += u->cellvars.len;
        break;
    case SC_CELL:
        ot = OPT_DEREF;
        arg = symtable_map_find(&u->cellvars, mangled);
        if (arg < 0) internal_error(c, "cell variable '%S' not in cellvars", mangled);
        break;
    case SC_LOCAL:
        if (function) ot = OPT_FAST;
        break;
    case SC_GLOBAL_IMPLICIT:
        if (function) ot = OPT_GLOBAL;
        break;
    case SC_GLOBAL_EXPLICIT: ot = OPT_GLOBAL; break;
    default: break;
    }
    // Module code runs with its globals as locals.
    if (ot == OPT_NAME && u->scope == US_MODULE) ot = OPT_GLOBAL;
    switch (ot) {
    case OPT_FAST:
        arg = symtable_map_add(&u->varnames, mangled);
        emit(c,
             ctx == CTX_LOAD    ? OP_LOAD_FAST
             : ctx == CTX_STORE ? OP_STORE_FAST
                                : OP_DELETE_FAST,
             arg);
        break;
    case OPT_DEREF:
        emit(c,
             ctx == CTX_LOAD    ? (u->scope == US_CLASS ? OP_LOAD_CLASSDEREF : OP_LOAD_DEREF)
             : ctx == CTX_STORE ? OP_STORE_DEREF
                                : OP_DELETE_DEREF,
             arg);
        break;
    case OPT_GLOBAL:
        arg = symtable_map_add(&u->names, mangled);
        emit(c,
             ctx == CTX_LOAD    ? OP_LOAD_GLOBAL
             : ctx == CTX_STORE ? OP_STORE_GLOBAL
                                : OP_DELETE_GLOBAL,
             arg);
        break;
    case OPT_NAME:
        arg = symtable_map_add(&u->names, mangled);
        emit(c,
             ctx == CTX_LOAD    ? OP_LOAD_NAME
             : ctx == CTX_STORE ? OP_STORE_NAME
                                : OP_DELETE_NAME,
             arg);
        break;
    }
}

// ---- units ----------------------------------------------------------------------------------

static int str_cmp(const void *a, const void *b) {
    Str *x = *(Str *const *)a, *y = *(Str *const *)b;
    int64_t n = x->len < y->len ? x->len : y->len;
    int r = memcmp(x->data, y->data, (size_t)n);
    if (r) return r;
    return x->len < y->len ? -1 : x->len > y->len;
}

// Add to [m], in sorted order, the symbols of [b] with scope [scope] or flag [flag].
static void collect_sorted(SymMap *m, SymBlock *b, int scope, int flag) {
    int n = 0;
    Str **tmp = gc_alloc(sizeof(Str *) * (size_t)(b->names.len + 1));
    for (int32_t i = 0; i < b->names.len; i++)
        if (b->syms[i].scope == scope || (b->syms[i].flags & flag))
            tmp[n++] = str_intern(b->names.keys[i]);
    qsort(tmp, (size_t)n, sizeof(Str *), str_cmp);
    for (int i = 0; i < n; i++) symtable_map_add(m, tmp[i]);
}

static void set_qualname(Compiler *c, Unit *u) {
    Unit *parent = u->parent;
    Str *base = NULL;
    if (parent && parent->scope != US_MODULE) {
        bool force_global = false;
        if (u->scope == US_FUNCTION || u->scope == US_CLASS) {
            Str *mangled = symtable_mangle(parent->private_name, u->name);
            if (symtable_scope(parent->ste, mangled) == SC_GLOBAL_EXPLICIT) force_global = true;
        }
        if (!force_global) {
            if (parent->scope == US_FUNCTION || parent->scope == US_LAMBDA)
                base = str_printf("%S.<locals>", parent->qualname);
            else
                base = parent->qualname;
        }
    }
    u->qualname = base ? str_printf("%S.%S", base, u->name) : u->name;
}

static void enter_unit(Compiler *c, SymBlock *ste, UnitScope scope, Str *name, int firstlineno) {
    Unit *u = gc_alloc(sizeof(Unit));
    u->parent = c->u;
    u->ste = ste;
    u->scope = scope;
    u->name = name;
    u->firstlineno = firstlineno;
    u->private_name = c->u ? c->u->private_name : NULL;
    u->reachable = true;
    u->loc = (CodePos){firstlineno, firstlineno, 0, 0};
    symtable_map_init(&u->names);
    symtable_map_init(&u->varnames);
    symtable_map_init(&u->cellvars);
    symtable_map_init(&u->freevars);
    for (int i = 0; i < ste->nparams; i++)
        symtable_map_add(&u->varnames, str_intern(ste->params[i]));
    collect_sorted(&u->cellvars, ste, SC_CELL, 0);
    if (ste->needs_class_closure) symtable_map_add(&u->cellvars, intern_cstr("__class__"));
    collect_sorted(&u->freevars, ste, SC_FREE, DEF_FREE_CLASS);
    set_qualname(c, u);
    c->u = u;
}

static void leave_unit(Compiler *c) {
    c->u = c->u->parent;
}

// Copy the parameters that are also cells into their cells.
static void emit_cell_prologue(Compiler *c) {
    Unit *u = c->u;
    for (int32_t i = 0; i < u->cellvars.len; i++) {
        Str *name = u->cellvars.keys[i];
        int32_t slot = symtable_map_find(&u->varnames, name);
        if (slot >= 0 && slot < u->ste->nparams) {
            EMIT(c, LOAD_FAST, slot);
            EMIT(c, STORE_DEREF, i);
        }
    }
}

// ---- assembly -------------------------------------------------------------------------------

static Tuple *map_tuple(SymMap *m) {
    Tuple *t = tuple_new(m->len);
    for (int32_t i = 0; i < m->len; i++) t->items[i] = (Value)m->keys[i];
    return t;
}

static Code *assemble(Compiler *c, uint32_t flags) {
    Unit *u = c->u;
    int32_t n = u->ninstrs;
    uint32_t *code = gc_alloc_atomic(sizeof(uint32_t) * (size_t)(n ? n : 1));
    CodePos *pos = gc_alloc_atomic(sizeof(CodePos) * (size_t)(n ? n : 1));
    for (int32_t i = 0; i < n; i++) {
        Instr *in = &u->instrs[i];
        int32_t arg = in->arg;
        if (op_info[in->op].flags & OPF_JUMP) {
            arg = u->label_pos[arg];
            if (arg < 0 || arg >= n) internal_error(c, "unbound or out-of-range jump label");
        }
        code[i] = INSTR(in->op, arg);
        pos[i] = in->pos;
    }
    // Exception table: maximal runs of instructions with the same handler.
    ExcEntry *exc = gc_alloc_atomic(sizeof(ExcEntry) * (size_t)(n ? n : 1));
    int32_t nexc = 0;
    for (int32_t i = 0; i < n; i++) {
        int32_t h = u->instrs[i].handler;
        if (h < 0) continue;
        HRec *r = &u->hrecs[h];
        int32_t target = u->label_pos[r->label];
        if (target < 0 || target >= n) internal_error(c, "exception handler target not bound");
        ExcEntry *last = nexc ? &exc[nexc - 1] : NULL;
        if (last && last->end == i && last->target == target && last->depth == r->depth &&
            last->lasti == r->lasti)
            last->end = i + 1;
        else
            exc[nexc++] = (ExcEntry){i, i + 1, target, r->depth, r->lasti};
    }

    Code *co = code_new();
    co->name = u->name;
    co->qualname = u->qualname;
    co->filename = c->filename;
    co->firstlineno = u->firstlineno;
    co->argcount = u->argcount;
    co->posonlyargcount = u->posonly;
    co->kwonlyargcount = u->kwonly;
    co->nlocals = u->varnames.len;
    co->ncells = u->cellvars.len;
    co->nfrees = u->freevars.len;
    co->stacksize = INT32_MAX;
    co->flags = flags;
    co->ninstrs = n;
    co->instrs = code;
    co->positions = pos;
    co->nexc = nexc;
    co->exctable = exc;
    co->consts = tuple_from(u->consts.items, u->consts.len);
    co->names = map_tuple(&u->names);
    co->varnames = map_tuple(&u->varnames);
    co->cellvars = map_tuple(&u->cellvars);
    co->freevars = map_tuple(&u->freevars);
    // The flow analysis both checks the code and yields its stack size.
    int32_t stacksize = code_verify(co, NULL);
    if (stacksize < 0) longjmp(c->jb, 1);
    co->stacksize = stacksize;
    return co;
}

static uint32_t function_flags(Unit *u) {
    uint32_t f = 0;
    if (u->ste->generator) f |= CO_GENERATOR;
    if (u->ste->varargs) f |= CO_VARARGS;
    if (u->ste->varkeywords) f |= CO_VARKEYWORDS;
    return f;
}

// ---- forward declarations -------------------------------------------------------------------

static void compile_expr(Compiler *c, Node *e);
static void compile_stmt(Compiler *c, Node *s);
static void compile_stmts(Compiler *c, NodeList *l);
static void compile_store(Compiler *c, Node *t);
static void jump_if(Compiler *c, Node *e, int32_t label, bool cond);
static Value fold_const(Node *n);

// ---- closures and function objects -------------------------------------------------------------

// Emit MAKE_FUNCTION for [co] with [flags] (defaults/kwdefaults already
// pushed), building its closure from this unit's cells.
static void make_closure(Compiler *c, Code *co, int flags) {
    Unit *u = c->u;
    if (co->nfrees) {
        for (int64_t i = 0; i < co->freevars->len; i++) {
            Str *name = (Str *)co->freevars->items[i];
            bool cell;
            if (u->scope == US_CLASS && str_eq_cstr(name, "__class__"))
                cell = true;
            else
                cell = symtable_scope(u->ste, name) == SC_CELL;
            int32_t idx;
            if (cell)
                idx = symtable_map_find(&u->cellvars, name);
            else {
                idx = symtable_map_find(&u->freevars, name);
                if (idx >= 0) idx += u->cellvars.len;
            }
            if (idx < 0) internal_error(c, "no cell for free variable '%S'", name);
            EMIT(c, LOAD_CLOSURE, idx);
        }
        EMIT(c, BUILD_TUPLE, (int32_t)co->nfrees);
        flags |= 4;
    }
    emit_const(c, (Value)co);
    EMIT(c, MAKE_FUNCTION, flags);
}

// Push the defaults tuple and the keyword-only defaults dict; returns the
// MAKE_FUNCTION flags.
static int compile_defaults(Compiler *c, Node *args) {
    int flags = 0;
    NodeList *defs = &args->u.arguments.defaults;
    if (defs->len) {
        Tuple *t = tuple_new(defs->len);
        for (int i = 0; i < defs->len && t; i++)
            if (!(t->items[i] = fold_const(defs->items[i]))) t = NULL;
        if (t) {
            emit_const(c, (Value)t);
        } else {
            for (int i = 0; i < defs->len; i++) compile_expr(c, defs->items[i]);
            EMIT(c, BUILD_TUPLE, defs->len);
        }
        flags |= 1;
    }
    NodeList *kwonly = &args->u.arguments.kwonlyargs;
    NodeList *kwdefs = &args->u.arguments.kw_defaults;
    int nkw = 0;
    for (int i = 0; i < kwonly->len; i++) {
        Node *d = i < kwdefs->len ? kwdefs->items[i] : NULL;
        if (!d) continue;
        emit_const(c, (Value)mangle(c, kwonly->items[i]->u.arg.name));
        compile_expr(c, d);
        nkw++;
    }
    if (nkw) {
        EMIT(c, BUILD_MAP, nkw);
        flags |= 2;
    }
    return flags;
}

static void set_arg_counts(Unit *u, Node *args) {
    u->posonly = args->u.arguments.posonlyargs.len;
    u->argcount = u->posonly + args->u.arguments.args.len;
    u->kwonly = args->u.arguments.kwonlyargs.len;
}

static SymBlock *child_block(Compiler *c, Node *n) {
    SymBlock *b = symtable_child(c->u->ste, n);
    if (!b) internal_error(c, "no symbol table for a nested block");
    return b;
}

static void compile_decorators(Compiler *c, NodeList *decos) {
    for (int i = 0; i < decos->len; i++) {
        CodePos saved = c->u->loc;
        set_loc(c, decos->items[i]);
        EMIT0(c, PUSH_NULL);
        c->u->loc = saved;
        compile_expr(c, decos->items[i]);
    }
}

static void apply_decorators(Compiler *c, NodeList *decos) {
    for (int i = decos->len - 1; i >= 0; i--) {
        set_loc(c, decos->items[i]);
        EMIT(c, CALL, 1);
    }
}

static void compile_function(Compiler *c, Node *s) {
    NodeList *decos = &s->u.funcdef.decorators;
    compile_decorators(c, decos);
    set_loc(c, s);
    int firstlineno = decos->len ? decos->items[0]->line : s->line;
    int flags = compile_defaults(c, s->u.funcdef.args);

    SymBlock *ste = child_block(c, s);
    enter_unit(c, ste, US_FUNCTION, s->u.funcdef.name, firstlineno);
    Str *doc = docstring(&s->u.funcdef.body);
    add_const(c, doc ? (Value)doc : VAL_NONE);
    set_arg_counts(c->u, s->u.funcdef.args);
    emit_cell_prologue(c);
    NodeList *body = &s->u.funcdef.body;
    for (int i = doc ? 1 : 0; i < body->len; i++) compile_stmt(c, body->items[i]);
    if (c->u->reachable) {
        emit_const(c, VAL_NONE);
        EMIT0(c, RETURN_VALUE);
    }
    Code *co = assemble(c, function_flags(c->u));
    leave_unit(c);

    set_loc(c, s);
    make_closure(c, co, flags);
    apply_decorators(c, decos);
    set_loc(c, s);
    compile_nameop(c, s->u.funcdef.name, CTX_STORE);
}

static void compile_lambda(Compiler *c, Node *e) {
    int flags = compile_defaults(c, e->u.lambda.args);
    SymBlock *ste = child_block(c, e);
    enter_unit(c, ste, US_LAMBDA, intern_cstr("<lambda>"), e->line);
    set_loc(c, e);
    add_const(c, VAL_NONE); // a lambda has no docstring
    set_arg_counts(c->u, e->u.lambda.args);
    emit_cell_prologue(c);
    compile_expr(c, e->u.lambda.body);
    EMIT0(c, RETURN_VALUE);
    Code *co = assemble(c, function_flags(c->u));
    leave_unit(c);
    make_closure(c, co, flags);
}

// Module and class bodies: a docstring is stored as __doc__.
static void compile_body(Compiler *c, NodeList *body) {
    int i = 0;
    Str *doc = docstring(body);
    if (doc) {
        set_loc(c, body->items[0]);
        emit_const(c, (Value)doc);
        compile_nameop(c, intern_cstr("__doc__"), CTX_STORE);
        i = 1;
    }
    for (; i < body->len; i++) compile_stmt(c, body->items[i]);
}

static void compile_class(Compiler *c, Node *s) {
    for (int i = 0; i < s->u.classdef.keywords.len; i++) {
        Node *kw = s->u.classdef.keywords.items[i];
        if (kw->u.keyword.arg)
            ERROR_AT(c, kw, "class keyword argument '%S=' is not supported by prickle",
                     kw->u.keyword.arg);
        ERROR_AT(c, kw, "'**' in a class definition is not supported by prickle");
    }
    for (int i = 0; i < s->u.classdef.bases.len; i++)
        if (s->u.classdef.bases.items[i]->kind == N_STARRED)
            ERROR_AT(c, s->u.classdef.bases.items[i],
                     "starred base classes are not supported by prickle");
    NodeList *decos = &s->u.classdef.decorators;
    compile_decorators(c, decos);
    int firstlineno = decos->len ? decos->items[0]->line : s->line;

    SymBlock *ste = child_block(c, s);
    enter_unit(c, ste, US_CLASS, s->u.classdef.name, firstlineno);
    c->u->private_name = s->u.classdef.name;
    compile_nameop(c, intern_cstr("__name__"), CTX_LOAD);
    compile_nameop(c, intern_cstr("__module__"), CTX_STORE);
    emit_const(c, (Value)c->u->qualname);
    compile_nameop(c, intern_cstr("__qualname__"), CTX_STORE);
    compile_body(c, &s->u.classdef.body);
    if (c->u->reachable) {
        if (ste->needs_class_closure) {
            int32_t idx = symtable_map_find(&c->u->cellvars, intern_cstr("__class__"));
            EMIT(c, LOAD_CLOSURE, idx);
        } else {
            emit_const(c, VAL_NONE);
        }
        EMIT0(c, RETURN_VALUE);
    }
    Code *co = assemble(c, CO_CLASSBODY);
    leave_unit(c);

    set_loc(c, s);
    make_closure(c, co, 0);
    emit_const(c, (Value)s->u.classdef.name);
    for (int i = 0; i < s->u.classdef.bases.len; i++) compile_expr(c, s->u.classdef.bases.items[i]);
    set_loc(c, s);
    EMIT(c, BUILD_CLASS, s->u.classdef.bases.len);
    apply_decorators(c, decos);
    set_loc(c, s);
    compile_nameop(c, s->u.classdef.name, CTX_STORE);
}

// ---- comprehensions -----------------------------------------------------------------------

static void comprehension_generator(Compiler *c, NodeList *gens, int index, int depth, Node *elt,
                                    Node *val, CompKind kind) {
    Node *gen = gens->items[index];
    int32_t start = new_label(c), if_cleanup = new_label(c), anchor = new_label(c);
    bool loop = true;
    if (index == 0) {
        EMIT(c, LOAD_FAST, 0); // the outermost iterator, argument .0
    } else {
        // `for y in [expr]`: a plain assignment.
        Node *it = gen->u.comprehension.iter;
        if ((it->kind == N_LIST || it->kind == N_TUPLE) && it->u.seq.elts.len == 1 &&
            it->u.seq.elts.items[0]->kind != N_STARRED) {
            compile_expr(c, it->u.seq.elts.items[0]);
            loop = false;
        } else {
            compile_expr(c, it);
            EMIT0(c, GET_ITER);
        }
    }
    if (loop) {
        depth++;
        bind_label(c, start);
        emit(c, OP_FOR_ITER, anchor);
    }
    compile_store(c, gen->u.comprehension.target);
    NodeList *ifs = &gen->u.comprehension.ifs;
    for (int i = 0; i < ifs->len; i++) jump_if(c, ifs->items[i], if_cleanup, false);
    if (index + 1 < gens->len) {
        comprehension_generator(c, gens, index + 1, depth, elt, val, kind);
    } else {
        switch (kind) {
        case COMP_GENEXP:
            compile_expr(c, elt);
            EMIT0(c, YIELD_VALUE);
            EMIT0(c, POP_TOP);
            break;
        case COMP_LIST:
            compile_expr(c, elt);
            EMIT(c, LIST_APPEND, depth + 1);
            break;
        case COMP_SET:
            compile_expr(c, elt);
            EMIT(c, SET_ADD, depth + 1);
            break;
        case COMP_DICT:
            compile_expr(c, val);
            compile_expr(c, elt);
            EMIT(c, MAP_ADD, depth + 1);
            break;
        default: break;
        }
    }
    bind_label(c, if_cleanup);
    if (loop) {
        emit(c, OP_JUMP, start);
        bind_label(c, anchor);
    }
}

static void compile_comprehension(Compiler *c, Node *e, CompKind kind) {
    static const char *const names[] = {"", "<listcomp>", "<setcomp>", "<dictcomp>", "<genexpr>"};
    NodeList *gens = &e->u.comp.generators;
    SymBlock *ste = child_block(c, e);
    enter_unit(c, ste, US_COMPREHENSION, intern_cstr(names[kind]), e->line);
    set_loc(c, e);
    add_const(c, VAL_NONE); // consts[0] of function code is the docstring or None
    c->u->argcount = 1;
    emit_cell_prologue(c);
    if (kind == COMP_LIST) EMIT(c, BUILD_LIST, 0);
    if (kind == COMP_SET) EMIT(c, BUILD_SET, 0);
    if (kind == COMP_DICT) EMIT(c, BUILD_MAP, 0);
    // For a dict comprehension, e->u.comp.key is the key and elt the value.
    if (kind == COMP_DICT)
        comprehension_generator(c, gens, 0, 0, e->u.comp.elt, e->u.comp.key, kind);
    else
        comprehension_generator(c, gens, 0, 0, e->u.comp.elt, NULL, kind);
    set_loc(c, e);
    if (kind != COMP_GENEXP) {
        EMIT0(c, RETURN_VALUE);
    } else if (c->u->reachable) {
        emit_const(c, VAL_NONE);
        EMIT0(c, RETURN_VALUE);
    }
    Code *co = assemble(c, function_flags(c->u));
    leave_unit(c);
    EMIT0(c, PUSH_NULL);
    make_closure(c, co, 0);
    compile_expr(c, gens->items[0]->u.comprehension.iter);
    EMIT0(c, GET_ITER);
    EMIT(c, CALL, 1);
}

// ---- calls ------------------------------------------------------------------------------

static bool has_starred(NodeList *l) {
    for (int i = 0; i < l->len; i++)
        if (l->items[i]->kind == N_STARRED) return true;
    return false;
}

static bool has_dstar(NodeList *kws) {
    for (int i = 0; i < kws->len; i++)
        if (!kws->items[i]->u.keyword.arg) return true;
    return false;
}

static void check_keywords(Compiler *c, NodeList *kws) {
    for (int i = 0; i < kws->len; i++) {
        Str *a = kws->items[i]->u.keyword.arg;
        if (!a) continue;
        for (int j = i + 1; j < kws->len; j++) {
            Str *b = kws->items[j]->u.keyword.arg;
            if (b && str_eq(a, b)) ERROR_AT(c, kws->items[j], "keyword argument repeated: %S", a);
        }
    }
}

// Push the keyword values and return the kwnames tuple constant index.
static int32_t compile_simple_keywords(Compiler *c, NodeList *kws) {
    Tuple *names = tuple_new(kws->len);
    for (int i = 0; i < kws->len; i++) {
        Node *kw = kws->items[i];
        names->items[i] = (Value)str_intern(kw->u.keyword.arg);
        compile_expr(c, kw->u.keyword.value);
    }
    return add_const(c, (Value)names);
}

// CPython's starunpack_helper: [elts] into a list/set/tuple. For tuples
// (tuple=true) the result is built as a list and converted when needed.
static void starunpack(Compiler *c, NodeList *elts, Opcode build, Opcode add, Opcode extend,
                       bool tuple) {
    int n = elts->len;
    Tuple *t = n > 2 && build != OP_BUILD_SET ? tuple_new(n) : NULL;
    for (int i = 0; i < n && t; i++)
        if (!(t->items[i] = fold_const(elts->items[i]))) t = NULL;
    if (t) {
        if (tuple) {
            emit_const(c, (Value)t);
        } else {
            emit(c, build, 0);
            emit_const(c, (Value)t);
            emit(c, extend, 1);
        }
        return;
    }
    bool big = n > STACK_USE_GUARD;
    bool seen_star = has_starred(elts);
    if (!seen_star && !big) {
        for (int i = 0; i < n; i++) compile_expr(c, elts->items[i]);
        emit(c, tuple ? OP_BUILD_TUPLE : build, n);
        return;
    }
    bool built = false;
    if (big) {
        emit(c, build, 0);
        built = true;
    }
    for (int i = 0; i < n; i++) {
        Node *elt = elts->items[i];
        if (elt->kind == N_STARRED) {
            if (!built) {
                emit(c, build, i);
                built = true;
            }
            compile_expr(c, elt->u.starred.value);
            emit(c, extend, 1);
        } else {
            compile_expr(c, elt);
            if (built) emit(c, add, 1);
        }
    }
    if (tuple) EMIT(c, LIST_TO_TUPLE, 0);
}

// Keyword arguments [begin, end) of [kws] (none of them **) as a new dict.
static void compile_subkwargs(Compiler *c, NodeList *kws, int begin, int end) {
    for (int i = begin; i < end; i++) {
        emit_const(c, (Value)kws->items[i]->u.keyword.arg);
        compile_expr(c, kws->items[i]->u.keyword.value);
    }
    EMIT(c, BUILD_MAP, end - begin);
}

// The arguments of a call whose callable (and NULL) are already pushed.
static void call_helper(Compiler *c, Node *call, NodeList *args, NodeList *kws) {
    check_keywords(c, kws);
    if (!has_starred(args) && !has_dstar(kws)) {
        for (int i = 0; i < args->len; i++) compile_expr(c, args->items[i]);
        if (kws->len) {
            int32_t names = compile_simple_keywords(c, kws);
            CodePos saved = c->u->loc;
            set_loc(c, call);
            EMIT(c, LOAD_CONST, names);
            EMIT(c, CALL_KW, args->len + kws->len);
            c->u->loc = saved;
        } else {
            CodePos saved = c->u->loc;
            set_loc(c, call);
            EMIT(c, CALL, args->len);
            c->u->loc = saved;
        }
        return;
    }
    // f(*a, **k): a tuple and a dict.
    starunpack(c, args, OP_BUILD_LIST, OP_LIST_APPEND, OP_LIST_EXTEND, true);
    if (kws->len) {
        bool have_dict = false;
        int nseen = 0;
        for (int i = 0; i < kws->len; i++) {
            Node *kw = kws->items[i];
            if (!kw->u.keyword.arg) {
                if (nseen) {
                    compile_subkwargs(c, kws, i - nseen, i);
                    if (have_dict) EMIT(c, DICT_MERGE, 1);
                    have_dict = true;
                    nseen = 0;
                }
                if (!have_dict) {
                    EMIT(c, BUILD_MAP, 0);
                    have_dict = true;
                }
                compile_expr(c, kw->u.keyword.value);
                EMIT(c, DICT_MERGE, 1);
            } else {
                nseen++;
            }
        }
        if (nseen) {
            compile_subkwargs(c, kws, kws->len - nseen, kws->len);
            if (have_dict) EMIT(c, DICT_MERGE, 1);
        }
    }
    CodePos saved = c->u->loc;
    set_loc(c, call);
    EMIT(c, CALL_EX, kws->len ? 1 : 0);
    c->u->loc = saved;
}

// Zero-argument super() in a method: super(__class__, <first argument>).
static bool compile_super_call(Compiler *c, Node *e) {
    Node *f = e->u.call.func;
    Unit *u = c->u;
    if (f->kind != N_NAME || !str_eq_cstr(f->u.name.id, "super") || e->u.call.args.len ||
        e->u.call.keywords.len)
        return false;
    if (u->scope != US_FUNCTION && u->scope != US_LAMBDA) return false;
    int sc = symtable_scope(u->ste, f->u.name.id);
    if (sc != SC_GLOBAL_IMPLICIT && sc != SC_GLOBAL_EXPLICIT) return false;
    int32_t cls = symtable_map_find(&u->freevars, intern_cstr("__class__"));
    if (cls < 0 || u->argcount == 0 || u->ste->nparams == 0) return false;
    EMIT0(c, PUSH_NULL);
    CodePos saved = u->loc;
    set_loc(c, f);
    compile_nameop(c, f->u.name.id, CTX_LOAD);
    u->loc = saved;
    EMIT(c, LOAD_DEREF, u->cellvars.len + cls);
    Str *first = u->ste->params[0];
    int32_t cell = symtable_map_find(&u->cellvars, first);
    if (cell >= 0)
        EMIT(c, LOAD_DEREF, cell);
    else
        EMIT(c, LOAD_FAST, symtable_map_find(&u->varnames, first));
    EMIT(c, CALL, 2);
    return true;
}

static void compile_call(Compiler *c, Node *e) {
    if (compile_super_call(c, e)) return;
    Node *f = e->u.call.func;
    NodeList *args = &e->u.call.args, *kws = &e->u.call.keywords;
    if (f->kind == N_ATTRIBUTE && !has_starred(args) && !has_dstar(kws)) {
        // obj.m(...): LOAD_METHOD pushes [meth, obj] or [NULL, bound].
        check_keywords(c, kws);
        compile_expr(c, f->u.attribute.value);
        CodePos saved = c->u->loc;
        set_loc(c, f);
        loc_at_attr(c, f);
        EMIT(c, LOAD_METHOD, add_name(c, f->u.attribute.attr));
        c->u->loc = saved;
        for (int i = 0; i < args->len; i++) compile_expr(c, args->items[i]);
        int32_t names = kws->len ? compile_simple_keywords(c, kws) : -1;
        loc_at_attr(c, f);
        if (kws->len) {
            EMIT(c, LOAD_CONST, names);
            EMIT(c, CALL_KW, args->len + kws->len);
        } else {
            EMIT(c, CALL, args->len);
        }
        c->u->loc = saved;
        return;
    }
    EMIT0(c, PUSH_NULL);
    compile_expr(c, f);
    call_helper(c, e, args, kws);
}

// ---- expressions ------------------------------------------------------------------------

static void compile_compare_op(Compiler *c, CmpKind k) {
    switch (k) {
    case CK_IS: EMIT(c, IS_OP, 0); break;
    case CK_ISNOT: EMIT(c, IS_OP, 1); break;
    case CK_IN: EMIT(c, CONTAINS_OP, 0); break;
    case CK_NOTIN: EMIT(c, CONTAINS_OP, 1); break;
    default: EMIT(c, COMPARE_OP, (int32_t)k); break;
    }
}

// An operand of `is` that is a literal other than None/True/False/Ellipsis.
static bool is_literal_arg(Node *e) {
    if (e->kind != N_CONSTANT) return false;
    Value v = e->u.constant.value;
    return !(v == VAL_NONE || v == VAL_TRUE || v == VAL_FALSE || v == VAL_ELLIPSIS);
}

// CPython's check_compare: warn about `x is 1`.
static void check_compare(Compiler *c, Node *e) {
    bool left = is_literal_arg(e->u.compare.left);
    for (int i = 0; i < e->u.compare.comparators.len; i++) {
        bool right = is_literal_arg(e->u.compare.comparators.items[i]);
        CmpKind op = e->u.compare.ops[i];
        if ((op == CK_IS || op == CK_ISNOT) && (left || right)) {
            warn(c, op == CK_IS ? "\"is\" with a literal. Did you mean \"==\"?"
                                : "\"is not\" with a literal. Did you mean \"!=\"?");
            return;
        }
        left = right;
    }
}

static void compile_compare(Compiler *c, Node *e) {
    NodeList *comps = &e->u.compare.comparators;
    int n = comps->len - 1;
    check_compare(c, e);
    compile_expr(c, e->u.compare.left);
    if (n == 0) {
        compile_expr(c, comps->items[0]);
        compile_compare_op(c, e->u.compare.ops[0]);
        return;
    }
    int32_t cleanup = new_label(c), end = new_label(c);
    for (int i = 0; i < n; i++) {
        compile_expr(c, comps->items[i]);
        EMIT(c, SWAP, 2);
        EMIT(c, COPY, 2);
        compile_compare_op(c, e->u.compare.ops[i]);
        emit(c, OP_JUMP_IF_FALSE_OR_POP, cleanup);
    }
    compile_expr(c, comps->items[n]);
    compile_compare_op(c, e->u.compare.ops[n]);
    emit(c, OP_JUMP, end);
    bind_label(c, cleanup);
    EMIT(c, SWAP, 2);
    EMIT0(c, POP_TOP);
    bind_label(c, end);
}

static void compile_boolop(Compiler *c, Node *e) {
    Opcode op = e->u.boolop.is_or ? OP_JUMP_IF_TRUE_OR_POP : OP_JUMP_IF_FALSE_OR_POP;
    int32_t end = new_label(c);
    NodeList *vals = &e->u.boolop.values;
    for (int i = 0; i < vals->len - 1; i++) {
        compile_expr(c, vals->items[i]);
        emit(c, op, end);
    }
    compile_expr(c, vals->items[vals->len - 1]);
    bind_label(c, end);
}

static void compile_dict(Compiler *c, Node *e) {
    NodeList *keys = &e->u.dict.keys, *vals = &e->u.dict.values;
    int n = vals->len, elements = 0;
    bool have_dict = false;
    for (int i = 0; i < n; i++) {
        Node *k = i < keys->len ? keys->items[i] : NULL;
        if (!k) {
            if (elements) {
                for (int j = i - elements; j < i; j++) {
                    compile_expr(c, keys->items[j]);
                    compile_expr(c, vals->items[j]);
                }
                EMIT(c, BUILD_MAP, elements);
                if (have_dict) EMIT(c, DICT_UPDATE, 1);
                have_dict = true;
                elements = 0;
            }
            if (!have_dict) {
                EMIT(c, BUILD_MAP, 0);
                have_dict = true;
            }
            compile_expr(c, vals->items[i]);
            EMIT(c, DICT_UPDATE, 1);
        } else if (elements * 2 > STACK_USE_GUARD) {
            for (int j = i - elements; j <= i; j++) {
                compile_expr(c, keys->items[j]);
                compile_expr(c, vals->items[j]);
            }
            EMIT(c, BUILD_MAP, elements + 1);
            if (have_dict) EMIT(c, DICT_UPDATE, 1);
            have_dict = true;
            elements = 0;
        } else {
            elements++;
        }
    }
    if (elements) {
        for (int j = n - elements; j < n; j++) {
            compile_expr(c, keys->items[j]);
            compile_expr(c, vals->items[j]);
        }
        EMIT(c, BUILD_MAP, elements);
        if (have_dict) EMIT(c, DICT_UPDATE, 1);
        have_dict = true;
    }
    if (!have_dict) EMIT(c, BUILD_MAP, 0);
}

static void compile_slice(Compiler *c, Node *e) {
    int n = 2;
    if (e->u.slice.lower)
        compile_expr(c, e->u.slice.lower);
    else
        emit_const(c, VAL_NONE);
    if (e->u.slice.upper)
        compile_expr(c, e->u.slice.upper);
    else
        emit_const(c, VAL_NONE);
    if (e->u.slice.step) {
        compile_expr(c, e->u.slice.step);
        n = 3;
    }
    EMIT(c, BUILD_SLICE, n);
}

static void check_in_function(Compiler *c, const char *what) {
    if (c->u->ste->kind != BLOCK_FUNCTION) ERROR_HERE(c, "'%s' outside function", what);
}

static void compile_yield_from_loop(Compiler *c) {
    int32_t send = new_label(c), exit = new_label(c);
    emit_const(c, VAL_NONE);
    bind_label(c, send);
    emit(c, OP_SEND, exit);
    EMIT0(c, YIELD_VALUE);
    emit(c, OP_JUMP, send);
    bind_label(c, exit);
}

// Negated numeric literal (`-1`, `-2.5`) as a constant, or VAL_NULL.
static Value fold_negation(Node *operand) {
    Value v = fold_const(operand);
    if (!v) return VAL_NULL;
    int k = const_kind(v);
    if (k == CK_INT) {
        int64_t i = int_value(v);
        if (i == INT64_MIN) return VAL_NULL;
        return int_from_i64(-i);
    }
    if (k == CK_FLOAT) return float_new(-float_value(v));
    return VAL_NULL;
}

static bool is_plain_int(Value v) {
    return const_kind(v) == CK_INT;
}
static bool is_number(Value v) {
    return const_kind(v) == CK_INT || const_kind(v) == CK_FLOAT;
}
static double number_value(Value v) {
    return const_kind(v) == CK_INT ? (double)int_value(v) : float_value(v);
}

static Value fold_unary(UnOp op, Node *operand) {
    if (op == UNOP_NEG) return fold_negation(operand);
    Value v = fold_const(operand);
    if (!v) return VAL_NULL;
    switch (op) {
    case UNOP_POS: return is_number(v) ? v : VAL_NULL;
    case UNOP_INVERT: return is_plain_int(v) ? int_from_i64(~int_value(v)) : VAL_NULL;
    case UNOP_NOT: return val_bool(!const_truth(v));
    default: return VAL_NULL;
    }
}

// CPython's fold_binop for numbers and strings; VAL_NULL when the
// operation would raise (it then raises at run time) or is not folded.
static Value fold_binary(Node *n) {
    Value a = fold_const(n->u.binop.left);
    if (!a) return VAL_NULL;
    Value b = fold_const(n->u.binop.right);
    if (!b) return VAL_NULL;
    BinOp op = n->u.binop.op;
    Value r = VAL_NULL;
    if (is_plain_int(a) && is_plain_int(b)) {
        if (op == BINOP_MATMUL) return VAL_NULL;
        if (op == BINOP_POW && (int_value(b) > 128 || int_value(b) < -128)) return VAL_NULL;
        if (op == BINOP_LSHIFT && int_value(b) > 64) return VAL_NULL;
        r = int_binop(op, int_value(a), int_value(b));
    } else if (is_number(a) && is_number(b)) {
        switch (op) {
        case BINOP_ADD:
        case BINOP_SUB:
        case BINOP_MUL:
        case BINOP_TRUEDIV:
        case BINOP_FLOORDIV:
        case BINOP_MOD:
        case BINOP_POW: r = float_binop(op, number_value(a), number_value(b)); break;
        default: return VAL_NULL;
        }
    } else if (const_kind(a) == CK_STR && const_kind(b) == CK_STR && op == BINOP_ADD) {
        return (Value)str_concat((Str *)a, (Str *)b);
    } else if (op == BINOP_MUL && ((const_kind(a) == CK_STR && is_plain_int(b)) ||
                                   (is_plain_int(a) && const_kind(b) == CK_STR))) {
        Str *str = (Str *)(const_kind(a) == CK_STR ? a : b);
        int64_t k = int_value(const_kind(a) == CK_STR ? b : a);
        if (k < 0) k = 0;
        if (str->nchars && k > 4096 / str->nchars) return VAL_NULL;
        StrBuf sb;
        strbuf_init(&sb);
        for (int64_t i = 0; i < k; i++) strbuf_putn(&sb, str->data, str->len);
        return (Value)strbuf_finish(&sb);
    } else if (const_kind(a) == CK_TUPLE && const_kind(b) == CK_TUPLE && op == BINOP_ADD) {
        Tuple *x = (Tuple *)a, *y = (Tuple *)b;
        Tuple *t = tuple_new(x->len + y->len);
        for (int64_t i = 0; i < x->len; i++) t->items[i] = x->items[i];
        for (int64_t i = 0; i < y->len; i++) t->items[x->len + i] = y->items[i];
        return (Value)t;
    } else if (op == BINOP_MUL && ((const_kind(a) == CK_TUPLE && is_plain_int(b)) ||
                                   (is_plain_int(a) && const_kind(b) == CK_TUPLE))) {
        Tuple *x = (Tuple *)(const_kind(a) == CK_TUPLE ? a : b);
        int64_t k = int_value(const_kind(a) == CK_TUPLE ? b : a);
        if (k < 0) k = 0;
        if (x->len && k > 256 / x->len) return VAL_NULL;
        Tuple *t = tuple_new(x->len * k);
        for (int64_t i = 0; i < x->len * k; i++) t->items[i] = x->items[i % x->len];
        return (Value)t;
    } else {
        return VAL_NULL;
    }
    if (!r) err_clear();
    return r;
}

// The value of [n] if it is a constant, an operation on constants or a
// tuple of such (CPython's AST optimizer folds these), else VAL_NULL.
static Value fold_const(Node *n) {
    switch (n->kind) {
    case N_CONSTANT: return n->u.constant.value;
    case N_UNARYOP: return fold_unary(n->u.unaryop.op, n->u.unaryop.operand);
    case N_BINOP: return fold_binary(n);

    case N_TUPLE: {
        NodeList *l = &n->u.seq.elts;
        Tuple *t = tuple_new(l->len);
        for (int i = 0; i < l->len; i++) {
            Value v = fold_const(l->items[i]);
            if (!v) return VAL_NULL;
            t->items[i] = v;
        }
        return (Value)t;
    }
    default: return VAL_NULL;
    }
}

static void compile_formatted_value(Compiler *c, Node *e) {
    compile_expr(c, e->u.fvalue.value);
    int oparg;
    switch (e->u.fvalue.conversion) {
    case 's': oparg = 1; break;
    case 'r': oparg = 2; break;
    case 'a': oparg = 3; break;
    case -1: oparg = 0; break;
    default: internal_error(c, "unknown f-string conversion %d", e->u.fvalue.conversion);
    }
    if (e->u.fvalue.format_spec) {
        compile_expr(c, e->u.fvalue.format_spec);
        oparg |= 4;
    }
    EMIT(c, FORMAT_VALUE, oparg);
}

static void compile_expr1(Compiler *c, Node *e) {
    switch (e->kind) {
    case N_NAMEDEXPR:
        compile_expr(c, e->u.namedexpr.value);
        EMIT(c, COPY, 1);
        compile_store(c, e->u.namedexpr.target);
        break;
    case N_BOOLOP: compile_boolop(c, e); break;
    case N_BINOP: {
        Value folded = fold_const(e);
        if (folded) {
            emit_const(c, folded);
            break;
        }
        compile_expr(c, e->u.binop.left);
        compile_expr(c, e->u.binop.right);
        EMIT(c, BINARY_OP, (int32_t)e->u.binop.op);
        break;
    }
    case N_UNARYOP: {
        Node *o = e->u.unaryop.operand;
        if (e->u.unaryop.op == UNOP_NOT && o->kind == N_COMPARE &&
            o->u.compare.comparators.len == 1) {
            // not (a in b) -> a not in b; likewise for is (CPython's AST optimizer)
            CmpKind k = o->u.compare.ops[0];
            CmpKind inv = k == CK_IN      ? CK_NOTIN
                          : k == CK_NOTIN ? CK_IN
                          : k == CK_IS    ? CK_ISNOT
                          : k == CK_ISNOT ? CK_IS
                                          : k;
            if (inv != k) {
                set_loc(c, o); // the folded node keeps the comparison's location
                compile_expr(c, o->u.compare.left);
                compile_expr(c, o->u.compare.comparators.items[0]);
                compile_compare_op(c, inv);
                break;
            }
        }
        Value folded = fold_const(e);
        if (folded) {
            emit_const(c, folded);
        } else {
            compile_expr(c, e->u.unaryop.operand);
            EMIT(c, UNARY_OP, (int32_t)e->u.unaryop.op);
        }
        break;
    }
    case N_LAMBDA: compile_lambda(c, e); break;
    case N_IFEXP: {
        int32_t end = new_label(c), next = new_label(c);
        jump_if(c, e->u.ifexp.test, next, false);
        compile_expr(c, e->u.ifexp.body);
        emit(c, OP_JUMP, end);
        bind_label(c, next);
        compile_expr(c, e->u.ifexp.orelse);
        bind_label(c, end);
        break;
    }
    case N_DICT: compile_dict(c, e); break;
    case N_SET:
        starunpack(c, &e->u.seq.elts, OP_BUILD_SET, OP_SET_ADD, OP_SET_UPDATE, false);
        break;
    case N_LIST:
        starunpack(c, &e->u.seq.elts, OP_BUILD_LIST, OP_LIST_APPEND, OP_LIST_EXTEND, false);
        break;
    case N_TUPLE: {
        Value folded = fold_const(e);
        if (folded)
            emit_const(c, folded);
        else
            starunpack(c, &e->u.seq.elts, OP_BUILD_LIST, OP_LIST_APPEND, OP_LIST_EXTEND, true);
        break;
    }
    case N_LISTCOMP: compile_comprehension(c, e, COMP_LIST); break;
    case N_SETCOMP: compile_comprehension(c, e, COMP_SET); break;
    case N_DICTCOMP: compile_comprehension(c, e, COMP_DICT); break;
    case N_GENEXP: compile_comprehension(c, e, COMP_GENEXP); break;
    case N_YIELD:
        check_in_function(c, "yield");
        if (e->u.value.value)
            compile_expr(c, e->u.value.value);
        else
            emit_const(c, VAL_NONE);
        EMIT0(c, YIELD_VALUE);
        break;
    case N_YIELDFROM:
        check_in_function(c, "yield from");
        compile_expr(c, e->u.value.value);
        EMIT0(c, GET_YIELD_FROM_ITER);
        compile_yield_from_loop(c);
        break;
    case N_AWAIT: ERROR_AT(c, e, "'await' is not supported by prickle");
    case N_COMPARE: compile_compare(c, e); break;
    case N_CALL: compile_call(c, e); break;
    case N_FORMATTEDVALUE: compile_formatted_value(c, e); break;
    case N_JOINEDSTR: {
        NodeList *l = &e->u.seq.elts;
        for (int i = 0; i < l->len; i++) compile_expr(c, l->items[i]);
        if (l->len != 1) EMIT(c, BUILD_STRING, l->len);
        break;
    }
    case N_CONSTANT: emit_const(c, e->u.constant.value); break;
    case N_ATTRIBUTE:
        compile_expr(c, e->u.attribute.value);
        loc_at_attr(c, e);
        EMIT(c, LOAD_ATTR, add_name(c, e->u.attribute.attr));
        break;
    case N_SUBSCRIPT:
        compile_expr(c, e->u.subscript.value);
        compile_expr(c, e->u.subscript.slice);
        EMIT0(c, BINARY_SUBSCR);
        break;
    case N_STARRED: ERROR_AT(c, e, "can't use starred expression here");
    case N_SLICE: compile_slice(c, e); break;
    case N_NAME:
        if (str_eq_cstr(e->u.name.id, "__debug__")) {
            emit_const(c, VAL_TRUE);
            break;
        }
        compile_nameop(c, e->u.name.id, CTX_LOAD);
        break;
    default: internal_error(c, "unexpected expression node kind %d", (int)e->kind);
    }
}

static void compile_expr(Compiler *c, Node *e) {
    enter_depth(c);
    CodePos saved = c->u->loc;
    set_loc(c, e);
    compile_expr1(c, e);
    c->u->loc = saved;
    c->depth--;
}

// Jump to [label] if the truth of [e] is [cond] (CPython's compiler_jump_if).
// As in CPython, the jumps keep the enclosing location, except that a
// comparison sets its own location and leaves it in effect afterwards.
static void jump_if(Compiler *c, Node *e, int32_t label, bool cond) {
    enter_depth(c);
    switch (e->kind) {
    case N_UNARYOP:
        if (e->u.unaryop.op == UNOP_NOT) {
            jump_if(c, e->u.unaryop.operand, label, !cond);
            goto done;
        }
        break;
    case N_BOOLOP: {
        NodeList *vals = &e->u.boolop.values;
        bool cond2 = e->u.boolop.is_or;
        int32_t next2 = label;
        if (cond2 != cond) next2 = new_label(c);
        for (int i = 0; i < vals->len - 1; i++) jump_if(c, vals->items[i], next2, cond2);
        jump_if(c, vals->items[vals->len - 1], label, cond);
        if (next2 != label) bind_label(c, next2);
        goto done;
    }
    case N_IFEXP: {
        int32_t end = new_label(c), next2 = new_label(c);
        jump_if(c, e->u.ifexp.test, next2, false);
        jump_if(c, e->u.ifexp.body, label, cond);
        emit(c, OP_JUMP, end);
        bind_label(c, next2);
        jump_if(c, e->u.ifexp.orelse, label, cond);
        bind_label(c, end);
        goto done;
    }
    case N_COMPARE: {
        NodeList *comps = &e->u.compare.comparators;
        int n = comps->len - 1;
        set_loc(c, e);
        if (n == 0) break;
        check_compare(c, e);
        int32_t cleanup = new_label(c), end = new_label(c);
        compile_expr(c, e->u.compare.left);
        for (int i = 0; i < n; i++) {
            compile_expr(c, comps->items[i]);
            EMIT(c, SWAP, 2);
            EMIT(c, COPY, 2);
            compile_compare_op(c, e->u.compare.ops[i]);
            emit(c, OP_POP_JUMP_IF_FALSE, cleanup);
        }
        compile_expr(c, comps->items[n]);
        compile_compare_op(c, e->u.compare.ops[n]);
        emit(c, cond ? OP_POP_JUMP_IF_TRUE : OP_POP_JUMP_IF_FALSE, label);
        emit(c, OP_JUMP, end);
        bind_label(c, cleanup);
        EMIT0(c, POP_TOP);
        if (!cond) emit(c, OP_JUMP, label);
        bind_label(c, end);
        goto done;
    }
    case N_CONSTANT:
        if (const_truth(e->u.constant.value) == cond) emit(c, OP_JUMP, label);
        goto done;
    default: break;
    }
    compile_expr(c, e);
    emit(c, cond ? OP_POP_JUMP_IF_TRUE : OP_POP_JUMP_IF_FALSE, label);
done:
    c->depth--;
}

// ---- assignment targets ----------------------------------------------------------------------

static void unpack_helper(Compiler *c, NodeList *elts) {
    int n = elts->len;
    bool seen_star = false;
    for (int i = 0; i < n; i++) {
        Node *elt = elts->items[i];
        if (elt->kind == N_STARRED && !seen_star) {
            if (i >= (1 << 8) || n - i - 1 >= (1 << 16))
                ERROR_HERE(c, "too many expressions in star-unpacking assignment");
            EMIT(c, UNPACK_EX, i + ((n - i - 1) << 8));
            seen_star = true;
        } else if (elt->kind == N_STARRED) {
            ERROR_HERE(c, "multiple starred expressions in assignment");
        }
    }
    if (!seen_star) EMIT(c, UNPACK_SEQUENCE, n);
}

static void compile_store(Compiler *c, Node *t) {
    enter_depth(c);
    CodePos saved = c->u->loc;
    set_loc(c, t);
    switch (t->kind) {
    case N_NAME: compile_nameop(c, t->u.name.id, CTX_STORE); break;
    case N_ATTRIBUTE:
        compile_expr(c, t->u.attribute.value);
        loc_at_attr(c, t);
        EMIT(c, STORE_ATTR, add_name(c, t->u.attribute.attr));
        break;
    case N_SUBSCRIPT:
        compile_expr(c, t->u.subscript.value);
        compile_expr(c, t->u.subscript.slice);
        EMIT0(c, STORE_SUBSCR);
        break;
    case N_TUPLE:
    case N_LIST: {
        NodeList *elts = &t->u.seq.elts;
        unpack_helper(c, elts);
        for (int i = 0; i < elts->len; i++) {
            Node *elt = elts->items[i];
            compile_store(c, elt->kind == N_STARRED ? elt->u.starred.value : elt);
        }
        break;
    }
    case N_STARRED: ERROR_AT(c, t, "starred assignment target must be in a list or tuple");
    default: ERROR_AT(c, t, "cannot assign to expression");
    }
    c->u->loc = saved;
    c->depth--;
}

// `a, b = b, a` (2 or 3 names, no starred, not constant): CPython's
// optimizer turns BUILD_TUPLE + UNPACK_SEQUENCE into a SWAP.
static bool compile_swap_assign(Compiler *c, Node *s) {
    Node *t = s->u.assign.targets.items[0], *v = s->u.assign.value;
    if (s->u.assign.targets.len != 1 || (t->kind != N_TUPLE && t->kind != N_LIST) ||
        v->kind != N_TUPLE)
        return false;
    int n = v->u.seq.elts.len;
    if (n < 1 || n > 3 || t->u.seq.elts.len != n || has_starred(&t->u.seq.elts) ||
        has_starred(&v->u.seq.elts) || fold_const(v))
        return false;
    for (int i = 0; i < n; i++) compile_expr(c, v->u.seq.elts.items[i]);
    CodePos saved = c->u->loc;
    set_loc(c, t);
    if (n > 1) EMIT(c, SWAP, n);
    c->u->loc = saved;
    for (int i = 0; i < n; i++) compile_store(c, t->u.seq.elts.items[i]);
    return true;
}

static void compile_delete(Compiler *c, Node *t) {
    CodePos saved = c->u->loc;
    set_loc(c, t);
    switch (t->kind) {
    case N_NAME: compile_nameop(c, t->u.name.id, CTX_DEL); break;
    case N_ATTRIBUTE:
        compile_expr(c, t->u.attribute.value);
        loc_at_attr(c, t);
        EMIT(c, DELETE_ATTR, add_name(c, t->u.attribute.attr));
        break;
    case N_SUBSCRIPT:
        compile_expr(c, t->u.subscript.value);
        compile_expr(c, t->u.subscript.slice);
        EMIT0(c, DELETE_SUBSCR);
        break;
    case N_TUPLE:
    case N_LIST:
        for (int i = 0; i < t->u.seq.elts.len; i++) compile_delete(c, t->u.seq.elts.items[i]);
        break;
    default: ERROR_AT(c, t, "cannot delete expression");
    }
    c->u->loc = saved;
}

static void compile_augassign(Compiler *c, Node *s) {
    Node *t = s->u.augassign.target;
    CodePos stmt_loc = c->u->loc;
    set_loc(c, t);
    switch (t->kind) {
    case N_ATTRIBUTE:
        compile_expr(c, t->u.attribute.value);
        EMIT(c, COPY, 1);
        loc_at_attr(c, t);
        EMIT(c, LOAD_ATTR, add_name(c, t->u.attribute.attr));
        break;
    case N_SUBSCRIPT:
        compile_expr(c, t->u.subscript.value);
        compile_expr(c, t->u.subscript.slice);
        EMIT(c, COPY, 2);
        EMIT(c, COPY, 2);
        EMIT0(c, BINARY_SUBSCR);
        break;
    case N_NAME: compile_nameop(c, t->u.name.id, CTX_LOAD); break;
    default: ERROR_AT(c, t, "illegal expression for augmented assignment");
    }
    c->u->loc = stmt_loc;
    compile_expr(c, s->u.augassign.value);
    EMIT(c, BINARY_OP, (int32_t)s->u.augassign.op + BINOP_INPLACE);
    set_loc(c, t);
    switch (t->kind) {
    case N_ATTRIBUTE:
        loc_at_attr(c, t);
        EMIT(c, SWAP, 2);
        EMIT(c, STORE_ATTR, add_name(c, t->u.attribute.attr));
        break;
    case N_SUBSCRIPT:
        EMIT(c, SWAP, 3);
        EMIT(c, SWAP, 2);
        EMIT0(c, STORE_SUBSCR);
        break;
    default: compile_nameop(c, t->u.name.id, CTX_STORE); break;
    }
}

// ---- unwinding for return / break / continue --------------------------------------------------

static void call_exit_with_nones(Compiler *c) {
    EMIT0(c, PUSH_NULL);
    EMIT(c, SWAP, 2);
    emit_const(c, VAL_NONE);
    emit_const(c, VAL_NONE);
    emit_const(c, VAL_NONE);
    EMIT(c, CALL, 3);
}

// Emit what leaving block [fb] requires. [preserve]: a return value is on
// top of the stack and must stay there.
static void unwind_fblock(Compiler *c, FBlock *fb, bool preserve) {
    switch (fb->kind) {
    case FB_WHILE_LOOP:
    case FB_EXCEPTION_HANDLER: break;
    case FB_FOR_LOOP:
        if (preserve) EMIT(c, SWAP, 2);
        EMIT0(c, POP_TOP);
        break;
    case FB_TRY_EXCEPT: pop_handler(c); break;
    case FB_FINALLY_TRY: {
        pop_handler(c);
        CodePos saved = c->u->loc;
        if (preserve) push_fblock(c, FB_POP_VALUE, -1, -1, NULL, NULL);
        compile_stmts(c, &fb->node->u.try_.finalbody);
        if (preserve) pop_fblock(c, FB_POP_VALUE);
        c->u->loc = saved;
        break;
    }
    case FB_FINALLY_END:
        if (preserve) EMIT(c, SWAP, 2);
        EMIT0(c, POP_TOP); // the exception
        if (preserve) EMIT(c, SWAP, 2);
        pop_handler(c);
        EMIT0(c, POP_EXCEPT);
        break;
    case FB_WITH: {
        CodePos saved = c->u->loc;
        set_loc(c, fb->node);
        pop_handler(c);
        if (preserve) EMIT(c, SWAP, 2);
        call_exit_with_nones(c);
        EMIT0(c, POP_TOP);
        c->u->loc = saved;
        break;
    }
    case FB_HANDLER_CLEANUP:
        if (fb->name) pop_handler(c);
        if (preserve) EMIT(c, SWAP, 2);
        pop_handler(c);
        EMIT0(c, POP_EXCEPT);
        if (fb->name) {
            emit_const(c, VAL_NONE);
            compile_nameop(c, fb->name, CTX_STORE);
            compile_nameop(c, fb->name, CTX_DEL);
        }
        break;
    case FB_POP_VALUE:
        if (preserve) EMIT(c, SWAP, 2);
        EMIT0(c, POP_TOP);
        break;
    }
}

// Unwind the blocks above the innermost loop (all of them if !to_loop);
// returns the loop's index or -1. The block stack is restored on return;
// the caller restores the handler stack once it has emitted its jump.
static int unwind_fblock_stack(Compiler *c, bool preserve, bool to_loop) {
    Unit *u = c->u;
    if (u->nfblocks == 0) return -1;
    FBlock top = u->fblocks[u->nfblocks - 1];
    if (to_loop && (top.kind == FB_WHILE_LOOP || top.kind == FB_FOR_LOOP)) return u->nfblocks - 1;
    u->nfblocks--;
    unwind_fblock(c, &top, preserve);
    int r = unwind_fblock_stack(c, preserve, to_loop);
    u->fblocks[u->nfblocks++] = top;
    return r;
}

typedef struct {
    int32_t *items;
    int32_t n;
} HandlerSnapshot;

static HandlerSnapshot save_handlers(Compiler *c) {
    Unit *u = c->u;
    HandlerSnapshot s = {gc_alloc_atomic(sizeof(int32_t) * (size_t)(u->nhstack + 1)), u->nhstack};
    if (u->nhstack) memcpy(s.items, u->hstack, sizeof(int32_t) * (size_t)u->nhstack);
    return s;
}

static void restore_handlers(Compiler *c, HandlerSnapshot s) {
    Unit *u = c->u;
    u->nhstack = 0;
    for (int32_t i = 0; i < s.n; i++) repush_handler(c, s.items[i]);
}

static void compile_return(Compiler *c, Node *s) {
    if (c->u->ste->kind != BLOCK_FUNCTION) ERROR_AT(c, s, "'return' outside function");
    Node *v = s->u.value.value;
    bool preserve = v && v->kind != N_CONSTANT;
    if (preserve) compile_expr(c, v);
    HandlerSnapshot hs = save_handlers(c);
    unwind_fblock_stack(c, preserve, false);
    set_loc(c, s);
    if (!v)
        emit_const(c, VAL_NONE);
    else if (!preserve)
        emit_const(c, v->u.constant.value);
    EMIT0(c, RETURN_VALUE);
    restore_handlers(c, hs);
}

static int find_loop(Compiler *c) {
    for (int i = c->u->nfblocks - 1; i >= 0; i--)
        if (c->u->fblocks[i].kind == FB_WHILE_LOOP || c->u->fblocks[i].kind == FB_FOR_LOOP)
            return i;
    return -1;
}

static void compile_break_continue(Compiler *c, Node *s, bool is_break) {
    if (find_loop(c) < 0)
        ERROR_AT(c, s, is_break ? "'break' outside loop" : "'continue' not properly in loop");
    HandlerSnapshot hs = save_handlers(c);
    int li = unwind_fblock_stack(c, false, true);
    FBlock loop = c->u->fblocks[li];
    set_loc(c, s);
    if (is_break) {
        unwind_fblock(c, &loop, false);
        emit(c, OP_JUMP, loop.exit);
    } else {
        emit(c, OP_JUMP, loop.block);
    }
    restore_handlers(c, hs);
}

// ---- compound statements -----------------------------------------------------------------------

static void compile_if(Compiler *c, Node *s) {
    int32_t end = new_label(c);
    int32_t next = s->u.if_.orelse.len ? new_label(c) : end;
    jump_if(c, s->u.if_.test, next, false);
    compile_stmts(c, &s->u.if_.body);
    if (s->u.if_.orelse.len) {
        emit(c, OP_JUMP, end);
        bind_label(c, next);
        compile_stmts(c, &s->u.if_.orelse);
    }
    bind_label(c, end);
}

static void compile_for(Compiler *c, Node *s) {
    int32_t start = new_label(c), cleanup = new_label(c), end = new_label(c);
    push_fblock(c, FB_FOR_LOOP, start, end, NULL, NULL);
    compile_expr(c, s->u.loop.iter);
    EMIT0(c, GET_ITER);
    bind_label(c, start);
    set_loc(c, s);
    emit(c, OP_FOR_ITER, cleanup);
    compile_store(c, s->u.loop.target);
    compile_stmts(c, &s->u.loop.body);
    set_loc(c, s);
    emit(c, OP_JUMP, start);
    bind_label(c, cleanup);
    pop_fblock(c, FB_FOR_LOOP);
    compile_stmts(c, &s->u.loop.orelse);
    bind_label(c, end);
}

static void compile_while(Compiler *c, Node *s) {
    int32_t loop = new_label(c), body = new_label(c), anchor = new_label(c), end = new_label(c);
    bind_label(c, loop);
    push_fblock(c, FB_WHILE_LOOP, loop, end, NULL, NULL);
    jump_if(c, s->u.loop.test, anchor, false);
    bind_label(c, body);
    compile_stmts(c, &s->u.loop.body);
    set_loc(c, s);
    jump_if(c, s->u.loop.test, body, true);
    pop_fblock(c, FB_WHILE_LOOP);
    bind_label(c, anchor);
    compile_stmts(c, &s->u.loop.orelse);
    bind_label(c, end);
}

static void compile_raise(Compiler *c, Node *s) {
    int n = 0;
    if (s->u.raise.exc) {
        compile_expr(c, s->u.raise.exc);
        n++;
        if (s->u.raise.cause) {
            compile_expr(c, s->u.raise.cause);
            n++;
        }
    }
    EMIT(c, RAISE_VARARGS, n);
}

// Stack at the handler: [prev_exc_info, exc] after PUSH_EXC_INFO.
static void compile_try_except(Compiler *c, Node *s) {
    Unit *u = c->u;
    int32_t except = new_label(c), end = new_label(c), cleanup = new_label(c);
    int32_t d = u->depth;
    push_handler(c, except, d, false);
    push_fblock(c, FB_TRY_EXCEPT, -1, -1, NULL, NULL);
    compile_stmts(c, &s->u.try_.body);
    pop_fblock(c, FB_TRY_EXCEPT);
    pop_handler(c);
    compile_stmts(c, &s->u.try_.orelse);
    emit(c, OP_JUMP, end);

    bind_label(c, except);
    int32_t hcleanup = push_handler(c, cleanup, d + 1, true);
    EMIT0(c, PUSH_EXC_INFO);
    push_fblock(c, FB_EXCEPTION_HANDLER, -1, -1, NULL, NULL);
    NodeList *handlers = &s->u.try_.handlers;
    for (int i = 0; i < handlers->len; i++) {
        Node *h = handlers->items[i];
        set_loc(c, h);
        if (!h->u.handler.type && i < handlers->len - 1)
            ERROR_AT(c, h, "default 'except:' must be last");
        int32_t next = new_label(c);
        if (h->u.handler.type) {
            compile_expr(c, h->u.handler.type);
            EMIT0(c, CHECK_EXC_MATCH);
            emit(c, OP_POP_JUMP_IF_FALSE, next);
        }
        if (h->u.handler.name) {
            Str *name = h->u.handler.name;
            int32_t cleanup_end = new_label(c);
            compile_nameop(c, name, CTX_STORE);
            push_handler(c, cleanup_end, d + 1, true);
            push_fblock(c, FB_HANDLER_CLEANUP, -1, -1, NULL, name);
            compile_stmts(c, &h->u.handler.body);
            pop_fblock(c, FB_HANDLER_CLEANUP);
            set_loc(c, h);
            pop_handler(c);
            pop_handler(c);
            EMIT0(c, POP_EXCEPT);
            emit_const(c, VAL_NONE);
            compile_nameop(c, name, CTX_STORE);
            compile_nameop(c, name, CTX_DEL);
            emit(c, OP_JUMP, end);
            repush_handler(c, hcleanup);
            // An exception in the body: clear the name, re-raise to `cleanup`.
            bind_label(c, cleanup_end);
            emit_const(c, VAL_NONE);
            compile_nameop(c, name, CTX_STORE);
            compile_nameop(c, name, CTX_DEL);
            EMIT(c, RERAISE, 1);
        } else {
            EMIT0(c, POP_TOP);
            push_fblock(c, FB_HANDLER_CLEANUP, -1, -1, NULL, NULL);
            compile_stmts(c, &h->u.handler.body);
            pop_fblock(c, FB_HANDLER_CLEANUP);
            set_loc(c, h);
            pop_handler(c);
            EMIT0(c, POP_EXCEPT);
            emit(c, OP_JUMP, end);
            repush_handler(c, hcleanup);
        }
        bind_label(c, next);
    }
    pop_fblock(c, FB_EXCEPTION_HANDLER);
    EMIT(c, RERAISE, 0);
    pop_handler(c);
    bind_label(c, cleanup);
    EMIT(c, COPY, 3);
    EMIT0(c, POP_EXCEPT);
    EMIT(c, RERAISE, 1);
    bind_label(c, end);
}

static void compile_try_finally(Compiler *c, Node *s) {
    Unit *u = c->u;
    int32_t end = new_label(c), exit = new_label(c), cleanup = new_label(c);
    int32_t d = u->depth;
    push_handler(c, end, d, false);
    push_fblock(c, FB_FINALLY_TRY, -1, -1, s, NULL);
    if (s->u.try_.handlers.len)
        compile_try_except(c, s);
    else
        compile_stmts(c, &s->u.try_.body);
    pop_handler(c);
    pop_fblock(c, FB_FINALLY_TRY);
    compile_stmts(c, &s->u.try_.finalbody);
    emit(c, OP_JUMP, exit);

    bind_label(c, end);
    set_loc(c, s);
    push_handler(c, cleanup, d + 1, true);
    EMIT0(c, PUSH_EXC_INFO);
    push_fblock(c, FB_FINALLY_END, -1, -1, NULL, NULL);
    compile_stmts(c, &s->u.try_.finalbody);
    pop_fblock(c, FB_FINALLY_END);
    EMIT(c, RERAISE, 0);
    pop_handler(c);
    bind_label(c, cleanup);
    EMIT(c, COPY, 3);
    EMIT0(c, POP_EXCEPT);
    EMIT(c, RERAISE, 1);
    bind_label(c, exit);
}

static void compile_with(Compiler *c, Node *s, int pos) {
    Unit *u = c->u;
    Node *item = s->u.with.items.items[pos];
    int32_t final = new_label(c), exit = new_label(c), cleanup = new_label(c),
            suppress = new_label(c);
    int32_t d = u->depth;
    compile_expr(c, item->u.withitem.context_expr);
    set_loc(c, s);
    EMIT0(c, BEFORE_WITH); // [exit, enter_result]
    push_handler(c, final, d + 1, true);
    push_fblock(c, FB_WITH, -1, -1, s, NULL);
    if (item->u.withitem.optional_vars)
        compile_store(c, item->u.withitem.optional_vars);
    else
        EMIT0(c, POP_TOP);
    if (pos + 1 == s->u.with.items.len)
        compile_stmts(c, &s->u.with.body);
    else
        compile_with(c, s, pos + 1);
    set_loc(c, s);
    pop_handler(c);
    pop_fblock(c, FB_WITH);
    call_exit_with_nones(c);
    EMIT0(c, POP_TOP);
    emit(c, OP_JUMP, exit);

    // [exit, lasti, exc]
    bind_label(c, final);
    int32_t hcleanup = push_handler(c, cleanup, d + 3, true);
    EMIT0(c, PUSH_EXC_INFO);
    EMIT0(c, WITH_EXCEPT_START);
    emit(c, OP_POP_JUMP_IF_TRUE, suppress);
    EMIT(c, RERAISE, 2);
    pop_handler(c);
    bind_label(c, cleanup);
    EMIT(c, COPY, 3);
    EMIT0(c, POP_EXCEPT);
    EMIT(c, RERAISE, 1);
    repush_handler(c, hcleanup);
    bind_label(c, suppress);
    EMIT0(c, POP_TOP); // the exception
    pop_handler(c);
    EMIT0(c, POP_EXCEPT);
    EMIT0(c, POP_TOP); // lasti
    EMIT0(c, POP_TOP); // __exit__
    bind_label(c, exit);
}

static void compile_assert(Compiler *c, Node *s) {
    Node *t = s->u.assert_.test;
    if (t->kind == N_TUPLE && t->u.seq.elts.len > 0)
        warn(c, "assertion is always true, perhaps remove parentheses?");
    int32_t end = new_label(c);
    jump_if(c, s->u.assert_.test, end, true);
    if (s->u.assert_.msg) {
        EMIT0(c, PUSH_NULL);
        EMIT0(c, LOAD_ASSERTION_ERROR);
        compile_expr(c, s->u.assert_.msg);
        EMIT(c, CALL, 1);
    } else {
        EMIT0(c, LOAD_ASSERTION_ERROR);
    }
    EMIT(c, RAISE_VARARGS, 1);
    bind_label(c, end);
}

// ---- imports ---------------------------------------------------------------------------------

static bool is_future(Node *s) {
    return s->kind == N_IMPORTFROM && s->u.import.level == 0 && s->u.import.module &&
           str_eq_cstr(s->u.import.module, "__future__");
}

static void compile_import(Compiler *c, Node *s) {
    NodeList *names = &s->u.import.names;
    for (int i = 0; i < names->len; i++) {
        Node *a = names->items[i];
        Str *name = a->u.alias.name;
        set_loc(c, s);
        emit_const(c, VAL_NONE);
        EMIT(c, IMPORT_NAME, add_name(c, name));
        const char *dot = memchr(name->data, '.', (size_t)name->len);
        if (a->u.alias.asname) {
            // import a.b.c as d: the top package, then its attributes.
            while (dot) {
                const char *start = dot + 1;
                dot = memchr(start, '.', (size_t)(name->data + name->len - start));
                const char *stop = dot ? dot : name->data + name->len;
                EMIT(c, IMPORT_FROM, add_name(c, str_new(start, stop - start)));
                if (!dot) {
                    compile_nameop(c, a->u.alias.asname, CTX_STORE);
                    EMIT0(c, POP_TOP);
                    goto next;
                }
                EMIT(c, SWAP, 2);
                EMIT0(c, POP_TOP);
            }
            compile_nameop(c, a->u.alias.asname, CTX_STORE);
        } else {
            compile_nameop(c, dot ? str_new(name->data, dot - name->data) : name, CTX_STORE);
        }
    next:;
    }
}

static void compile_import_from(Compiler *c, Node *s) {
    NodeList *names = &s->u.import.names;
    if (s->u.import.level > 0) ERROR_AT(c, s, "relative imports are not supported by prickle");
    if (is_future(s)) {
        if (s->line > c->future_lineno)
            ERROR_AT(c, s, "from __future__ imports must occur at the beginning of the file");
        return; // checked by check_future; no code
    }
    Tuple *fromlist = tuple_new(names->len);
    for (int i = 0; i < names->len; i++) fromlist->items[i] = (Value)names->items[i]->u.alias.name;
    emit_const(c, (Value)fromlist);
    EMIT(c, IMPORT_NAME, add_name(c, s->u.import.module));
    for (int i = 0; i < names->len; i++) {
        Node *a = names->items[i];
        if (i == 0 && str_eq_cstr(a->u.alias.name, "*")) {
            EMIT0(c, IMPORT_STAR);
            return;
        }
        EMIT(c, IMPORT_FROM, add_name(c, a->u.alias.name));
        compile_nameop(c, a->u.alias.asname ? a->u.alias.asname : a->u.alias.name, CTX_STORE);
    }
    EMIT0(c, POP_TOP);
}

// `from __future__ import ...` must come first and name known features.
static void check_future(Compiler *c, Node *mod) {
    static const char *const known[] = {"nested_scopes",
                                        "generators",
                                        "division",
                                        "absolute_import",
                                        "with_statement",
                                        "print_function",
                                        "unicode_literals",
                                        "barry_as_FLUFL",
                                        "generator_stop",
                                        "annotations",
                                        NULL};
    NodeList *body = &mod->u.module.body;
    int i = docstring(body) ? 1 : 0, prev_line = 0;
    bool done = false;
    c->future_lineno = 0;
    for (; i < body->len; i++) {
        Node *s = body->items[i];
        if (done && s->line > prev_line) return;
        prev_line = s->line;
        if (!is_future(s)) {
            done = true;
            continue;
        }
        if (done)
            error_at(c, s->line, s->col - 1, s->line, s->col - 1,
                     "from __future__ imports must occur at the beginning of the file");
        for (int j = 0; j < s->u.import.names.len; j++) {
            Str *f = s->u.import.names.items[j]->u.alias.name;
            int k = 0;
            while (known[k] && !str_eq_cstr(f, known[k])) k++;
            if (known[k]) continue;
            if (str_eq_cstr(f, "braces"))
                error_at(c, s->line, s->col, s->line, s->col, "not a chance");
            error_at(c, s->line, s->col, s->line, s->col, "future feature %S is not defined", f);
        }
        c->future_lineno = s->line;
    }
}

// ---- statements ---------------------------------------------------------------------------------

static void compile_stmts(Compiler *c, NodeList *l) {
    for (int i = 0; i < l->len; i++) compile_stmt(c, l->items[i]);
}

static void compile_stmt(Compiler *c, Node *s) {
    enter_depth(c);
    Unit *u = c->u;
    set_loc(c, s);
    int32_t d0 = u->depth;
    switch (s->kind) {
    case N_FUNCDEF: compile_function(c, s); break;
    case N_CLASSDEF: compile_class(c, s); break;
    case N_RETURN: compile_return(c, s); break;
    case N_DELETE:
        for (int i = 0; i < s->u.del.targets.len; i++) compile_delete(c, s->u.del.targets.items[i]);
        break;
    case N_ASSIGN: {
        NodeList *targets = &s->u.assign.targets;
        if (compile_swap_assign(c, s)) break;
        compile_expr(c, s->u.assign.value);
        for (int i = 0; i < targets->len; i++) {
            if (i < targets->len - 1) EMIT(c, COPY, 1);
            compile_store(c, targets->items[i]);
        }
        break;
    }
    case N_AUGASSIGN: compile_augassign(c, s); break;
    case N_ANNASSIGN: {
        Node *t = s->u.annassign.target;
        if (s->u.annassign.value) {
            compile_expr(c, s->u.annassign.value);
            compile_store(c, t);
        } else if (t->kind == N_ATTRIBUTE) {
            compile_expr(c, t->u.attribute.value);
            EMIT0(c, POP_TOP);
        } else if (t->kind == N_SUBSCRIPT) {
            compile_expr(c, t->u.subscript.value);
            EMIT0(c, POP_TOP);
            compile_expr(c, t->u.subscript.slice);
            EMIT0(c, POP_TOP);
        }
        break;
    }
    case N_FOR: compile_for(c, s); break;
    case N_WHILE: compile_while(c, s); break;
    case N_IF: compile_if(c, s); break;
    case N_WITH: compile_with(c, s, 0); break;
    case N_RAISE: compile_raise(c, s); break;
    case N_TRY:
        if (s->u.try_.finalbody.len)
            compile_try_finally(c, s);
        else
            compile_try_except(c, s);
        break;
    case N_ASSERT: compile_assert(c, s); break;
    case N_IMPORT: compile_import(c, s); break;
    case N_IMPORTFROM: compile_import_from(c, s); break;
    case N_GLOBAL:
    case N_NONLOCAL:
    case N_PASS: break;
    case N_EXPR:
        if (s->u.value.value->kind == N_CONSTANT) break; // no effect
        compile_expr(c, s->u.value.value);
        EMIT0(c, POP_TOP);
        break;
    case N_BREAK: compile_break_continue(c, s, true); break;
    case N_CONTINUE: compile_break_continue(c, s, false); break;
    default: internal_error(c, "unexpected statement node kind %d", (int)s->kind);
    }
    if (u->reachable && u->depth != d0)
        internal_error(c, "statement left %d values on the stack", u->depth - d0);
    u->depth = d0;
    c->depth--;
}

// ---- entry point
// ----------------------------------------------------------------------------------

Code *compile_module(Node *mod, Str *filename, const char *src) {
    Compiler *c = gc_alloc(sizeof(Compiler));
    c->filename = filename;
    c->src = src;
    if (setjmp(c->jb)) return NULL;
    check_future(c, mod);
    SymBlock *top = symtable_build(mod, filename, src);
    if (!top) return NULL;
    enter_unit(c, top, US_MODULE, intern_cstr("<module>"), 1);
    compile_body(c, &mod->u.module.body);
    if (c->u->reachable) {
        emit_const(c, VAL_NONE);
        EMIT0(c, RETURN_VALUE);
    }
    Code *co = assemble(c, CO_MODULE);
    leave_unit(c);
    return co;
}
