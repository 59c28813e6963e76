// symtable.c — builds the symbol tables the compiler reads (symtable.h).
//
// Two passes, as CPython's symtable.c: a visit of the AST that records, per
// block, how each name is used (DEF_* flags), then an analysis that decides
// each name's scope, turning captured function locals into cells and
// propagating free variables up to the block that binds them.
#include "symtable.h"

#include "err.h"
#include "str.h"

#include <setjmp.h>
#include <string.h>

// ---- name maps ----------------------------------------------------------------

static uint64_t name_hash(Str *s) {
    uint64_t h = 1469598103934665603ull;
    for (int64_t i = 0; i < s->len; i++) h = (h ^ (uint8_t)s->data[i]) * 1099511628211ull;
    return h;
}

static bool name_eq(Str *a, Str *b) {
    return a == b || (a->len == b->len && memcmp(a->data, b->data, (size_t)a->len) == 0);
}

void symtable_map_init(SymMap *m) {
    memset(m, 0, sizeof *m);
}

int32_t symtable_map_find(const SymMap *m, Str *key) {
    if (!m->nslots) return -1;
    uint32_t mask = (uint32_t)m->nslots - 1;
    for (uint32_t i = (uint32_t)name_hash(key) & mask;; i = (i + 1) & mask) {
        int32_t p = m->slots[i];
        if (p < 0) return -1;
        if (name_eq(m->keys[p], key)) return p;
    }
}

static void map_insert_slot(SymMap *m, int32_t pos) {
    uint32_t mask = (uint32_t)m->nslots - 1;
    uint32_t i = (uint32_t)name_hash(m->keys[pos]) & mask;
    while (m->slots[i] >= 0) i = (i + 1) & mask;
    m->slots[i] = pos;
}

int32_t symtable_map_add(SymMap *m, Str *key) {
    int32_t p = symtable_map_find(m, key);
    if (p >= 0) return p;
    if (m->len == m->cap) {
        int32_t ncap = m->cap ? m->cap * 2 : 8;
        Str **nk = gc_alloc(sizeof(Str *) * (size_t)ncap);
        if (m->len) memcpy(nk, m->keys, sizeof(Str *) * (size_t)m->len);
        m->keys = nk;
        m->cap = ncap;
    }
    m->keys[m->len] = key;
    p = m->len++;
    if (m->len * 2 > m->nslots) {
        int32_t n = m->nslots ? m->nslots * 2 : 16;
        while (m->len * 2 > n) n *= 2;
        m->slots = gc_alloc_atomic(sizeof(int32_t) * (size_t)n);
        memset(m->slots, 0xff, sizeof(int32_t) * (size_t)n);
        m->nslots = n;
        for (int32_t i = 0; i < m->len; i++) map_insert_slot(m, i);
    } else {
        map_insert_slot(m, p);
    }
    return p;
}

// ---- name sets for the analysis (a map plus a presence flag per key) ----------

typedef struct {
    SymMap map;
    uint8_t *present;
    int32_t cap;
} NameSet;

static NameSet *set_new(void) {
    NameSet *s = gc_alloc(sizeof(NameSet));
    symtable_map_init(&s->map);
    return s;
}

static bool set_has(NameSet *s, Str *name) {
    int32_t p = symtable_map_find(&s->map, name);
    return p >= 0 && s->present[p];
}

static void set_add(NameSet *s, Str *name) {
    int32_t p = symtable_map_add(&s->map, name);
    if (p >= s->cap) {
        int32_t ncap = s->map.cap;
        uint8_t *np = gc_alloc_atomic((size_t)ncap);
        memset(np, 0, (size_t)ncap);
        if (s->cap) memcpy(np, s->present, (size_t)s->cap);
        s->present = np;
        s->cap = ncap;
    }
    s->present[p] = 1;
}

// Remove [name]; true if it was present.
static bool set_discard(NameSet *s, Str *name) {
    int32_t p = symtable_map_find(&s->map, name);
    if (p < 0 || !s->present[p]) return false;
    s->present[p] = 0;
    return true;
}

static void set_update(NameSet *dst, NameSet *src) {
    if (!src) return;
    for (int32_t i = 0; i < src->map.len; i++)
        if (src->present[i]) set_add(dst, src->map.keys[i]);
}

static NameSet *set_copy(NameSet *s) {
    NameSet *c = set_new();
    set_update(c, s);
    return c;
}

// ---- mangling -------------------------------------------------------------------

Str *symtable_mangle(Str *private_name, Str *name) {
    if (!private_name || name->len < 3 || name->data[0] != '_' || name->data[1] != '_') return name;
    // __x__ and dotted names (import a.b) are not mangled.
    if (name->data[name->len - 1] == '_' && name->data[name->len - 2] == '_') return name;
    if (memchr(name->data, '.', (size_t)name->len)) return name;
    const char *p = private_name->data;
    while (*p == '_') p++;
    if (!*p) return name; // class name made only of underscores
    return str_printf("_%s%S", p, name);
}

// ---- the visitor -------------------------------------------------------------------

#define MAX_DEPTH 3000

typedef struct {
    Str *filename;
    const char *src;
    jmp_buf jb;
    SymBlock *top, *cur;
    SymBlock **stack; // enclosing blocks, innermost last
    int nstack, capstack;
    Str *private_name;
    int depth;
} St;

static _Noreturn void st_error_at(St *st, int line, int col, int end_line, int end_col,
                                  const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    Str *msg = str_vprintf(fmt, ap);
    va_end(ap);
    err_syntax(&SyntaxErrorType, st->filename, st->src, line, col, end_line, end_col, "%S", msg);
    longjmp(st->jb, 1);
}

#define ST_ERROR(st, n, ...)                                                                       \
    st_error_at(st, (n)->line, (n)->col, (n)->end_line, (n)->end_col, __VA_ARGS__)

static void enter_depth(St *st) {
    if (++st->depth > MAX_DEPTH) {
        err_format(&RecursionErrorType, "maximum recursion depth exceeded during compilation");
        longjmp(st->jb, 1);
    }
}

static Symbol *block_symbol(SymBlock *b, Str *name) {
    int32_t p = symtable_map_find(&b->names, name);
    return p < 0 ? NULL : &b->syms[p];
}

// Add (or find) the symbol [name] (already mangled) of [b].
static Symbol *block_add(SymBlock *b, Str *name) {
    int32_t p = symtable_map_add(&b->names, name);
    if (p >= b->capsyms) {
        int ncap = b->names.cap;
        Symbol *ns = gc_alloc_atomic(sizeof(Symbol) * (size_t)ncap);
        memset(ns, 0, sizeof(Symbol) * (size_t)ncap);
        if (b->capsyms) memcpy(ns, b->syms, sizeof(Symbol) * (size_t)b->capsyms);
        b->syms = ns;
        b->capsyms = ncap;
    }
    return &b->syms[p];
}

static void set_loc(Symbol *s, Node *n) {
    s->line = n->line;
    s->col = n->col;
    s->end_line = n->end_line;
    s->end_col = n->end_col;
}

static void add_def_in(St *st, SymBlock *b, Str *name, int flag, Node *loc) {
    Str *mangled = symtable_mangle(st->private_name, name);
    Symbol *s = block_add(b, mangled);
    int val = s->flags;
    if ((flag & DEF_PARAM) && (val & DEF_PARAM))
        ST_ERROR(st, loc, "duplicate argument '%S' in function definition", name);
    val |= flag;
    if (b->comp_iter_target) {
        if (val & (DEF_GLOBAL | DEF_NONLOCAL))
            ST_ERROR(st, loc,
                     "comprehension inner loop cannot rebind assignment expression target '%S'",
                     name);
        val |= DEF_COMP_ITER;
    }
    // The location kept is the first global/nonlocal directive, else the first use.
    if (!s->line ||
        ((flag & (DEF_GLOBAL | DEF_NONLOCAL)) && !(s->flags & (DEF_GLOBAL | DEF_NONLOCAL))))
        set_loc(s, loc);
    s->flags = val;
    if (flag & DEF_PARAM) {
        if (b->nparams == b->capparams) {
            int ncap = b->capparams ? b->capparams * 2 : 8;
            Str **np = gc_alloc(sizeof(Str *) * (size_t)ncap);
            if (b->nparams) memcpy(np, b->params, sizeof(Str *) * (size_t)b->nparams);
            b->params = np;
            b->capparams = ncap;
        }
        b->params[b->nparams++] = mangled;
    }
}

static void add_def(St *st, Str *name, int flag, Node *loc) {
    add_def_in(st, st->cur, name, flag, loc);
}

static int lookup_flags(St *st, Str *name) {
    Symbol *s = block_symbol(st->cur, symtable_mangle(st->private_name, name));
    return s ? s->flags : 0;
}

static void enter_block(St *st, Str *name, BlockKind kind, Node *node) {
    SymBlock *b = gc_alloc(sizeof(SymBlock));
    b->kind = kind;
    b->node = node;
    b->name = name;
    b->parent = st->cur;
    symtable_map_init(&b->names);
    if (st->cur) {
        SymBlock *p = st->cur;
        if (p->nchildren == p->capchildren) {
            int ncap = p->capchildren ? p->capchildren * 2 : 4;
            SymBlock **nc = gc_alloc(sizeof(SymBlock *) * (size_t)ncap);
            if (p->nchildren) memcpy(nc, p->children, sizeof(SymBlock *) * (size_t)p->nchildren);
            p->children = nc;
            p->capchildren = ncap;
        }
        p->children[p->nchildren++] = b;
    }
    if (st->nstack == st->capstack) {
        int ncap = st->capstack ? st->capstack * 2 : 16;
        SymBlock **ns = gc_alloc(sizeof(SymBlock *) * (size_t)ncap);
        if (st->nstack) memcpy(ns, st->stack, sizeof(SymBlock *) * (size_t)st->nstack);
        st->stack = ns;
        st->capstack = ncap;
    }
    st->stack[st->nstack++] = b;
    st->cur = b;
    if (!st->top) st->top = b;
}

static void exit_block(St *st) {
    st->nstack--;
    st->cur = st->nstack ? st->stack[st->nstack - 1] : NULL;
}

static void visit_expr(St *st, Node *n);
static void visit_stmt(St *st, Node *n);

static void visit_exprs(St *st, NodeList *l) {
    for (int i = 0; i < l->len; i++)
        if (l->items[i]) visit_expr(st, l->items[i]);
}

static void visit_stmts(St *st, NodeList *l) {
    for (int i = 0; i < l->len; i++) visit_stmt(st, l->items[i]);
}

// A binding target (assignment, for, with, del, comprehension, except).
static void visit_target(St *st, Node *n) {
    switch (n->kind) {
    case N_NAME: add_def(st, n->u.name.id, DEF_LOCAL, n); break;
    case N_TUPLE:
    case N_LIST:
        for (int i = 0; i < n->u.seq.elts.len; i++) visit_target(st, n->u.seq.elts.items[i]);
        break;
    case N_STARRED: visit_target(st, n->u.starred.value); break;
    default: visit_expr(st, n); break;
    }
}

static void visit_params(St *st, Node *args) {
    NodeList *lists[3] = {&args->u.arguments.posonlyargs, &args->u.arguments.args,
                          &args->u.arguments.kwonlyargs};
    for (int k = 0; k < 3; k++)
        for (int i = 0; i < lists[k]->len; i++) {
            Node *a = lists[k]->items[i];
            add_def(st, a->u.arg.name, DEF_PARAM, a);
        }
    if (args->u.arguments.vararg) {
        add_def(st, args->u.arguments.vararg->u.arg.name, DEF_PARAM, args->u.arguments.vararg);
        st->cur->varargs = true;
    }
    if (args->u.arguments.kwarg) {
        add_def(st, args->u.arguments.kwarg->u.arg.name, DEF_PARAM, args->u.arguments.kwarg);
        st->cur->varkeywords = true;
    }
}

static void visit_defaults(St *st, Node *args) {
    visit_exprs(st, &args->u.arguments.defaults);
    visit_exprs(st, &args->u.arguments.kw_defaults);
}

static const char *comp_desc(CompKind k) {
    switch (k) {
    case COMP_LIST: return "list comprehension";
    case COMP_SET: return "set comprehension";
    case COMP_DICT: return "dict comprehension";
    default: return "generator expression";
    }
}

static void handle_comprehension(St *st, Node *e, CompKind kind) {
    static const char *const names[] = {"", "listcomp", "setcomp", "dictcomp", "genexpr"};
    NodeList *gens = &e->u.comp.generators;
    Node *outer = gens->items[0];
    st->cur->comp_iter_expr++;
    visit_expr(st, outer->u.comprehension.iter);
    st->cur->comp_iter_expr--;
    enter_block(st, str_intern_cstr(names[kind]), BLOCK_FUNCTION, e);
    st->cur->comprehension = kind;
    add_def(st, str_intern_cstr(".0"), DEF_PARAM, e);
    st->cur->comp_iter_target = 1;
    visit_target(st, outer->u.comprehension.target);
    st->cur->comp_iter_target = 0;
    visit_exprs(st, &outer->u.comprehension.ifs);
    for (int i = 1; i < gens->len; i++) {
        Node *g = gens->items[i];
        st->cur->comp_iter_target = 1;
        visit_target(st, g->u.comprehension.target);
        st->cur->comp_iter_target = 0;
        st->cur->comp_iter_expr++;
        visit_expr(st, g->u.comprehension.iter);
        st->cur->comp_iter_expr--;
        visit_exprs(st, &g->u.comprehension.ifs);
    }
    if (e->u.comp.key) visit_expr(st, e->u.comp.key);
    visit_expr(st, e->u.comp.elt);
    if (kind == COMP_GENEXP) st->cur->generator = true;
    exit_block(st);
}

// `x := v` inside a comprehension binds x in the nearest enclosing function
// (or module) scope.
static void extend_namedexpr_scope(St *st, Node *target) {
    Str *name = target->u.name.id;
    for (int i = st->nstack - 1; i >= 0; i--) {
        SymBlock *b = st->stack[i];
        if (b->comprehension) {
            Symbol *s = block_symbol(b, symtable_mangle(st->private_name, name));
            if (s && (s->flags & DEF_COMP_ITER))
                ST_ERROR(
                    st, target,
                    "assignment expression cannot rebind comprehension iteration variable '%S'",
                    name);
            continue;
        }
        if (b->kind == BLOCK_FUNCTION) {
            Symbol *s = block_symbol(b, symtable_mangle(st->private_name, name));
            if (s && (s->flags & DEF_GLOBAL))
                add_def(st, name, DEF_GLOBAL, target);
            else
                add_def(st, name, DEF_NONLOCAL, target);
            add_def_in(st, b, name, DEF_LOCAL, target);
            return;
        }
        if (b->kind == BLOCK_MODULE) {
            add_def(st, name, DEF_GLOBAL, target);
            add_def_in(st, b, name, DEF_GLOBAL, target);
            return;
        }
        ST_ERROR(st, target,
                 "assignment expression within a comprehension cannot be used in a class body");
    }
}

static void visit_expr(St *st, Node *n) {
    enter_depth(st);
    switch (n->kind) {
    case N_NAMEDEXPR:
        if (st->cur->comp_iter_expr > 0)
            ST_ERROR(st, n,
                     "assignment expression cannot be used in a comprehension iterable expression");
        if (st->cur->comprehension) extend_namedexpr_scope(st, n->u.namedexpr.target);
        visit_expr(st, n->u.namedexpr.value);
        visit_target(st, n->u.namedexpr.target);
        break;
    case N_BOOLOP: visit_exprs(st, &n->u.boolop.values); break;
    case N_BINOP:
        visit_expr(st, n->u.binop.left);
        visit_expr(st, n->u.binop.right);
        break;
    case N_UNARYOP: visit_expr(st, n->u.unaryop.operand); break;
    case N_LAMBDA:
        visit_defaults(st, n->u.lambda.args);
        enter_block(st, str_intern_cstr("lambda"), BLOCK_FUNCTION, n);
        st->cur->is_lambda = true;
        visit_params(st, n->u.lambda.args);
        visit_expr(st, n->u.lambda.body);
        exit_block(st);
        break;
    case N_IFEXP:
        visit_expr(st, n->u.ifexp.test);
        visit_expr(st, n->u.ifexp.body);
        visit_expr(st, n->u.ifexp.orelse);
        break;
    case N_DICT:
        visit_exprs(st, &n->u.dict.keys);
        visit_exprs(st, &n->u.dict.values);
        break;
    case N_SET:
    case N_LIST:
    case N_TUPLE:
    case N_JOINEDSTR: visit_exprs(st, &n->u.seq.elts); break;
    case N_LISTCOMP: handle_comprehension(st, n, COMP_LIST); break;
    case N_SETCOMP: handle_comprehension(st, n, COMP_SET); break;
    case N_DICTCOMP: handle_comprehension(st, n, COMP_DICT); break;
    case N_GENEXP: handle_comprehension(st, n, COMP_GENEXP); break;
    case N_YIELD:
    case N_YIELDFROM:
        if (n->u.value.value) visit_expr(st, n->u.value.value);
        st->cur->generator = true;
        if (st->cur->comprehension)
            // CPython 3.11 says 'yield' for `yield from` too.
            ST_ERROR(st, n, "'yield' inside %s", comp_desc(st->cur->comprehension));
        break;
    case N_AWAIT: visit_expr(st, n->u.value.value); break;
    case N_COMPARE:
        visit_expr(st, n->u.compare.left);
        visit_exprs(st, &n->u.compare.comparators);
        break;
    case N_CALL:
        visit_expr(st, n->u.call.func);
        visit_exprs(st, &n->u.call.args);
        for (int i = 0; i < n->u.call.keywords.len; i++)
            visit_expr(st, n->u.call.keywords.items[i]->u.keyword.value);
        break;
    case N_FORMATTEDVALUE:
        visit_expr(st, n->u.fvalue.value);
        if (n->u.fvalue.format_spec) visit_expr(st, n->u.fvalue.format_spec);
        break;
    case N_CONSTANT: break;
    case N_ATTRIBUTE: visit_expr(st, n->u.attribute.value); break;
    case N_SUBSCRIPT:
        visit_expr(st, n->u.subscript.value);
        visit_expr(st, n->u.subscript.slice);
        break;
    case N_STARRED: visit_expr(st, n->u.starred.value); break;
    case N_SLICE:
        if (n->u.slice.lower) visit_expr(st, n->u.slice.lower);
        if (n->u.slice.upper) visit_expr(st, n->u.slice.upper);
        if (n->u.slice.step) visit_expr(st, n->u.slice.step);
        break;
    case N_NAME:
        if (n->u.name.ctx != CTX_LOAD) {
            add_def(st, n->u.name.id, DEF_LOCAL, n);
            break;
        }
        add_def(st, n->u.name.id, DEF_USE, n);
        // Zero-argument super() needs the __class__ cell.
        if (st->cur->kind == BLOCK_FUNCTION && str_eq_cstr(n->u.name.id, "super"))
            add_def(st, str_intern_cstr("__class__"), DEF_USE, n);
        break;
    default: ST_ERROR(st, n, "invalid expression node (kind %d)", (int)n->kind);
    }
    st->depth--;
}

static void visit_alias(St *st, Node *a) {
    Str *name = a->u.alias.name;
    Str *store = a->u.alias.asname;
    if (!store) {
        const char *dot = memchr(name->data, '.', (size_t)name->len);
        store = dot ? str_new(name->data, dot - name->data) : name;
    }
    if (str_eq_cstr(name, "*")) {
        if (st->cur->kind != BLOCK_MODULE) ST_ERROR(st, a, "import * only allowed at module level");
        return;
    }
    add_def(st, store, DEF_IMPORT, a);
}

static void visit_directive(St *st, Node *s, bool global) {
    for (int i = 0; i < s->u.names.len; i++) {
        Str *name = s->u.names.names[i];
        int cur = lookup_flags(st, name);
        if (cur & (DEF_PARAM | DEF_LOCAL | DEF_USE | DEF_ANNOT)) {
            const char *what = global ? "global" : "nonlocal";
            if (cur & DEF_PARAM)
                ST_ERROR(st, s, "name '%S' is parameter and %s", name, what);
            else if (cur & DEF_USE)
                ST_ERROR(st, s, "name '%S' is used prior to %s declaration", name, what);
            else if (cur & DEF_ANNOT)
                ST_ERROR(st, s, "annotated name '%S' can't be %s", name, what);
            else
                ST_ERROR(st, s, "name '%S' is assigned to before %s declaration", name, what);
        }
        add_def(st, name, global ? DEF_GLOBAL : DEF_NONLOCAL, s);
    }
}

static void visit_stmt(St *st, Node *n) {
    enter_depth(st);
    switch (n->kind) {
    case N_FUNCDEF: {
        add_def(st, n->u.funcdef.name, DEF_LOCAL, n);
        visit_defaults(st, n->u.funcdef.args);
        visit_exprs(st, &n->u.funcdef.decorators);
        enter_block(st, n->u.funcdef.name, BLOCK_FUNCTION, n);
        visit_params(st, n->u.funcdef.args);
        visit_stmts(st, &n->u.funcdef.body);
        exit_block(st);
        break;
    }
    case N_CLASSDEF: {
        add_def(st, n->u.classdef.name, DEF_LOCAL, n);
        visit_exprs(st, &n->u.classdef.bases);
        for (int i = 0; i < n->u.classdef.keywords.len; i++)
            visit_expr(st, n->u.classdef.keywords.items[i]->u.keyword.value);
        visit_exprs(st, &n->u.classdef.decorators);
        enter_block(st, n->u.classdef.name, BLOCK_CLASS, n);
        Str *saved = st->private_name;
        st->private_name = n->u.classdef.name;
        visit_stmts(st, &n->u.classdef.body);
        st->private_name = saved;
        exit_block(st);
        break;
    }
    case N_RETURN:
    case N_EXPR:
        if (n->u.value.value) visit_expr(st, n->u.value.value);
        break;
    case N_DELETE:
        for (int i = 0; i < n->u.del.targets.len; i++) visit_target(st, n->u.del.targets.items[i]);
        break;
    case N_ASSIGN:
        for (int i = 0; i < n->u.assign.targets.len; i++)
            visit_target(st, n->u.assign.targets.items[i]);
        visit_expr(st, n->u.assign.value);
        break;
    case N_ANNASSIGN: {
        Node *t = n->u.annassign.target;
        if (t->kind == N_NAME) {
            int cur = lookup_flags(st, t->u.name.id);
            if ((cur & (DEF_GLOBAL | DEF_NONLOCAL)) && st->cur != st->top && n->u.annassign.simple)
                ST_ERROR(st, n, "annotated name '%S' can't be %s", t->u.name.id,
                         (cur & DEF_GLOBAL) ? "global" : "nonlocal");
            if (n->u.annassign.simple)
                add_def(st, t->u.name.id, DEF_ANNOT | DEF_LOCAL, t);
            else if (n->u.annassign.value)
                add_def(st, t->u.name.id, DEF_LOCAL, t);
        } else {
            visit_target(st, t);
        }
        if (n->u.annassign.value) visit_expr(st, n->u.annassign.value);
        break;
    }
    case N_AUGASSIGN:
        visit_target(st, n->u.augassign.target);
        visit_expr(st, n->u.augassign.value);
        break;
    case N_FOR:
        visit_target(st, n->u.loop.target);
        visit_expr(st, n->u.loop.iter);
        visit_stmts(st, &n->u.loop.body);
        visit_stmts(st, &n->u.loop.orelse);
        break;
    case N_WHILE:
        visit_expr(st, n->u.loop.test);
        visit_stmts(st, &n->u.loop.body);
        visit_stmts(st, &n->u.loop.orelse);
        break;
    case N_IF:
        visit_expr(st, n->u.if_.test);
        visit_stmts(st, &n->u.if_.body);
        visit_stmts(st, &n->u.if_.orelse);
        break;
    case N_WITH:
        for (int i = 0; i < n->u.with.items.len; i++) {
            Node *it = n->u.with.items.items[i];
            visit_expr(st, it->u.withitem.context_expr);
            if (it->u.withitem.optional_vars) visit_target(st, it->u.withitem.optional_vars);
        }
        visit_stmts(st, &n->u.with.body);
        break;
    case N_RAISE:
        if (n->u.raise.exc) visit_expr(st, n->u.raise.exc);
        if (n->u.raise.cause) visit_expr(st, n->u.raise.cause);
        break;
    case N_TRY:
        visit_stmts(st, &n->u.try_.body);
        visit_stmts(st, &n->u.try_.orelse);
        for (int i = 0; i < n->u.try_.handlers.len; i++) {
            Node *h = n->u.try_.handlers.items[i];
            if (h->u.handler.type) visit_expr(st, h->u.handler.type);
            if (h->u.handler.name) add_def(st, h->u.handler.name, DEF_LOCAL, h);
            visit_stmts(st, &h->u.handler.body);
        }
        visit_stmts(st, &n->u.try_.finalbody);
        break;
    case N_ASSERT:
        visit_expr(st, n->u.assert_.test);
        if (n->u.assert_.msg) visit_expr(st, n->u.assert_.msg);
        break;
    case N_IMPORT:
    case N_IMPORTFROM:
        for (int i = 0; i < n->u.import.names.len; i++) visit_alias(st, n->u.import.names.items[i]);
        break;
    case N_GLOBAL: visit_directive(st, n, true); break;
    case N_NONLOCAL: visit_directive(st, n, false); break;
    case N_PASS:
    case N_BREAK:
    case N_CONTINUE: break;
    default: ST_ERROR(st, n, "invalid statement node (kind %d)", (int)n->kind);
    }
    st->depth--;
}

// ---- analysis ---------------------------------------------------------------------

static void analyze_name(St *st, SymBlock *b, Symbol *s, Str *name, NameSet *bound, NameSet *local,
                         NameSet *free, NameSet *global) {
    int flags = s->flags;
    if (flags & DEF_GLOBAL) {
        if (flags & DEF_NONLOCAL)
            st_error_at(st, s->line, s->col, s->end_line, s->end_col,
                        "name '%S' is nonlocal and global", name);
        s->scope = SC_GLOBAL_EXPLICIT;
        set_add(global, name);
        if (bound) set_discard(bound, name);
        return;
    }
    if (flags & DEF_NONLOCAL) {
        if (!bound)
            st_error_at(st, s->line, s->col, s->end_line, s->end_col,
                        "nonlocal declaration not allowed at module level");
        if (!set_has(bound, name))
            st_error_at(st, s->line, s->col, s->end_line, s->end_col,
                        "no binding for nonlocal '%S' found", name);
        s->scope = SC_FREE;
        set_add(free, name);
        return;
    }
    if (flags & DEF_BOUND) {
        s->scope = SC_LOCAL;
        set_add(local, name);
        set_discard(global, name);
        return;
    }
    if (bound && set_has(bound, name)) {
        s->scope = SC_FREE;
        set_add(free, name);
        return;
    }
    s->scope = SC_GLOBAL_IMPLICIT;
}

static void analyze_block(St *st, SymBlock *b, NameSet *bound, NameSet *free, NameSet *global) {
    NameSet *local = set_new(), *newglobal = set_new(), *newfree = set_new(), *newbound = set_new();
    if (b->kind == BLOCK_CLASS) {
        set_update(newglobal, global);
        if (bound) set_update(newbound, bound);
    }
    int nsyms = b->names.len;
    for (int i = 0; i < nsyms; i++)
        analyze_name(st, b, &b->syms[i], b->names.keys[i], bound, local, free, global);
    if (b->kind != BLOCK_CLASS) {
        if (b->kind == BLOCK_FUNCTION) set_update(newbound, local);
        if (bound) set_update(newbound, bound);
        set_update(newglobal, global);
    } else {
        set_add(newbound, str_intern_cstr("__class__"));
    }
    for (int i = 0; i < b->nchildren; i++) {
        NameSet *cbound = set_copy(newbound), *cfree = set_new(), *cglobal = set_copy(newglobal);
        analyze_block(st, b->children[i], cbound, cfree, cglobal);
        set_update(newfree, cfree);
    }
    if (b->kind == BLOCK_FUNCTION) {
        // Locals captured by children become cells.
        for (int i = 0; i < nsyms; i++)
            if (b->syms[i].scope == SC_LOCAL && set_discard(newfree, b->names.keys[i]))
                b->syms[i].scope = SC_CELL;
    } else if (b->kind == BLOCK_CLASS) {
        if (set_discard(newfree, str_intern_cstr("__class__"))) b->needs_class_closure = true;
    }
    // Free variables of children not resolved here.
    for (int32_t i = 0; i < newfree->map.len; i++) {
        if (!newfree->present[i]) continue;
        Str *name = newfree->map.keys[i];
        Symbol *s = block_symbol(b, name);
        if (s) {
            if (b->kind == BLOCK_CLASS && (s->flags & (DEF_BOUND | DEF_GLOBAL)))
                s->flags |= DEF_FREE_CLASS;
            continue; // a cell, or already free here
        }
        if (bound && !set_has(bound, name)) continue; // a global
        s = block_add(b, name);
        s->scope = SC_FREE;
    }
    set_update(free, newfree);
}

// ---- entry points ------------------------------------------------------------------

SymBlock *symtable_build(Node *mod, Str *filename, const char *src) {
    St *st = gc_alloc(sizeof(St));
    st->filename = filename;
    st->src = src;
    if (setjmp(st->jb)) return NULL;
    enter_block(st, str_intern_cstr("top"), BLOCK_MODULE, mod);
    visit_stmts(st, &mod->u.module.body);
    exit_block(st);
    analyze_block(st, st->top, NULL, set_new(), set_new());
    return st->top;
}

SymBlock *symtable_child(SymBlock *b, Node *node) {
    for (int i = 0; i < b->nchildren; i++)
        if (b->children[i]->node == node) return b->children[i];
    return NULL;
}

int symtable_scope(SymBlock *b, Str *name) {
    Symbol *s = block_symbol(b, name);
    return s ? s->scope : SC_NONE;
}

int symtable_flags(SymBlock *b, Str *name) {
    Symbol *s = block_symbol(b, name);
    return s ? s->flags : 0;
}
