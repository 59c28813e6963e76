// parser_expr.c — expressions: precedence climbing from lambda/conditional
// expressions down to primaries (calls, attributes, subscripts and slices),
// and assignment targets. Atoms and parameters are in parser_atom.c.
//
// Node spans follow CPython's EXTRA: a node starts at the first token of the
// rule that built it (so `(a) + b` starts at the parenthesis) and ends at the
// last token consumed; a parenthesised expression keeps its inner span.
#include "err.h"
#include "num.h"
#include "parser_impl.h"
#include "str.h"

#include <string.h>

static Node *factor(Parser *p);

int parse_starts_expr(TokKind k) {
    switch (k) {
    case TK_NAME:
    case TK_NUMBER:
    case TK_STRING:
    case TK_LPAR:
    case TK_LSQB:
    case TK_LBRACE:
    case TK_MINUS:
    case TK_PLUS:
    case TK_TILDE:
    case TK_ELLIPSIS:
    case TK_KW_NOT:
    case TK_KW_LAMBDA:
    case TK_KW_AWAIT:
    case TK_KW_NONE:
    case TK_KW_TRUE:
    case TK_KW_FALSE: return 1;
    default: return 0;
    }
}

Node *parse_name_node(Parser *p, int start, ExprCtx ctx) {
    Token *t = parse_next(p);
    Node *n = parse_node(p, N_NAME, start);
    n->u.name.id = parse_name_str(t);
    n->u.name.ctx = ctx;
    return n;
}

// ---- targets ---------------------------------------------------------------------

const char *parse_expr_name(Node *e) {
    switch (e->kind) {
    case N_ATTRIBUTE: return "attribute";
    case N_SUBSCRIPT: return "subscript";
    case N_STARRED: return "starred";
    case N_NAME: return "name";
    case N_LIST: return "list";
    case N_TUPLE: return "tuple";
    case N_LAMBDA: return "lambda";
    case N_CALL: return "function call";
    case N_BOOLOP:
    case N_BINOP:
    case N_UNARYOP: return "expression";
    case N_GENEXP: return "generator expression";
    case N_YIELD:
    case N_YIELDFROM: return "yield expression";
    case N_AWAIT: return "await expression";
    case N_LISTCOMP: return "list comprehension";
    case N_SETCOMP: return "set comprehension";
    case N_DICTCOMP: return "dict comprehension";
    case N_DICT: return "dict literal";
    case N_SET: return "set display";
    case N_JOINEDSTR:
    case N_FORMATTEDVALUE: return "f-string expression";
    case N_CONSTANT: {
        Value v = e->u.constant.value;
        if (v == VAL_NONE) return "None";
        if (v == VAL_FALSE) return "False";
        if (v == VAL_TRUE) return "True";
        if (v == VAL_ELLIPSIS) return "ellipsis";
        return "literal";
    }
    case N_COMPARE: return "comparison";
    case N_IFEXP: return "conditional expression";
    case N_NAMEDEXPR: return "named expression";
    default: return "expression";
    }
}

Node *parse_invalid_target(Node *e, ExprCtx ctx) {
    switch (e->kind) {
    case N_LIST:
    case N_TUPLE:
        for (int i = 0; i < e->u.seq.elts.len; i++) {
            Node *bad = parse_invalid_target(e->u.seq.elts.items[i], ctx);
            if (bad) return bad;
        }
        return NULL;
    case N_STARRED:
        if (ctx == CTX_DEL) return e;
        return parse_invalid_target(e->u.starred.value, ctx);
    case N_NAME:
    case N_SUBSCRIPT:
    case N_ATTRIBUTE: return NULL;
    default: return e;
    }
}

static void set_ctx(Node *e, ExprCtx ctx) {
    switch (e->kind) {
    case N_NAME: e->u.name.ctx = ctx; break;
    case N_ATTRIBUTE: e->u.attribute.ctx = ctx; break;
    case N_SUBSCRIPT: e->u.subscript.ctx = ctx; break;
    case N_STARRED:
        e->u.starred.ctx = ctx;
        set_ctx(e->u.starred.value, ctx);
        break;
    case N_LIST:
    case N_TUPLE:
        e->u.seq.ctx = ctx;
        for (int i = 0; i < e->u.seq.elts.len; i++) set_ctx(e->u.seq.elts.items[i], ctx);
        break;
    default: break;
    }
}

void parse_set_target(Parser *p, Node *e, ExprCtx ctx) {
    Node *bad = parse_invalid_target(e, ctx);
    if (bad)
        parse_fail_node(p, bad, ctx == CTX_DEL ? "cannot delete %s" : "cannot assign to %s",
                        parse_expr_name(bad));
    set_ctx(e, ctx);
}

int parse_is_bitor(Parser *p, Node *e, int start) {
    Token *t = &p->toks[start];
    if (e->line != t->line || e->col != t->col) return 1; // parenthesised
    switch (e->kind) {
    case N_COMPARE:
    case N_BOOLOP:
    case N_IFEXP:
    case N_LAMBDA:
    case N_NAMEDEXPR:
    case N_STARRED:
    case N_YIELD:
    case N_YIELDFROM: return 0;
    case N_UNARYOP: return e->u.unaryop.op != UNOP_NOT;
    case N_TUPLE: return t->kind == TK_LPAR; // parenthesised tuple
    default: return 1;
    }
}

int parse_eq_hint_ok(Parser *p, Node *e, int start) {
    TokKind k0 = p->toks[start].kind;
    if (k0 == TK_LSQB || k0 == TK_KW_TRUE || k0 == TK_KW_NONE || k0 == TK_KW_FALSE) return 0;
    if (k0 == TK_LPAR) {
        Node *lead = e; // the leftmost atom
        for (;;) {
            if (lead->kind == N_BINOP)
                lead = lead->u.binop.left;
            else if (lead->kind == N_CALL)
                lead = lead->u.call.func;
            else if (lead->kind == N_ATTRIBUTE)
                lead = lead->u.attribute.value;
            else if (lead->kind == N_SUBSCRIPT)
                lead = lead->u.subscript.value;
            else
                break;
        }
        if (lead->kind == N_TUPLE || lead->kind == N_GENEXP) return 0;
    }
    return parse_is_bitor(p, e, start);
}

// star_target: '*' star_target | target (a bitwise_or checked as a target).
Node *parse_star_target(Parser *p) {
    int start = p->pos;
    Node *e;
    if (parse_accept(p, TK_STAR)) {
        e = parse_node(p, N_STARRED, start);
        e->u.starred.value = parse_bitor(p);
        parse_finish(p, e);
    } else {
        e = parse_bitor(p);
    }
    parse_set_target(p, e, CTX_STORE);
    return e;
}

Node *parse_star_targets(Parser *p) {
    int start = p->pos;
    Node *first = parse_star_target(p);
    if (!parse_at(p, TK_COMMA)) return first;
    Node *t = parse_node(p, N_TUPLE, start);
    t->u.seq.ctx = CTX_STORE;
    ast_list_push(&t->u.seq.elts, first);
    while (parse_accept(p, TK_COMMA)) {
        TokKind k = parse_peek(p)->kind;
        if (!parse_starts_expr(k) && k != TK_STAR) break;
        ast_list_push(&t->u.seq.elts, parse_star_target(p));
    }
    return parse_finish(p, t);
}

// ---- expression lists ------------------------------------------------------------

Node *parse_star_expression(Parser *p) {
    if (parse_at(p, TK_STAR)) {
        int start = p->pos;
        parse_next(p);
        Node *n = parse_node(p, N_STARRED, start);
        n->u.starred.value = parse_bitor(p);
        return parse_finish(p, n);
    }
    return parse_expression(p);
}

Node *parse_star_expressions(Parser *p) {
    int start = p->pos;
    Node *e = parse_star_expression(p);
    if (!parse_at(p, TK_COMMA)) return e;
    Node *t = parse_node(p, N_TUPLE, start);
    ast_list_push(&t->u.seq.elts, e);
    while (parse_accept(p, TK_COMMA)) {
        TokKind k = parse_peek(p)->kind;
        if (!parse_starts_expr(k) && k != TK_STAR) break;
        ast_list_push(&t->u.seq.elts, parse_star_expression(p));
    }
    return parse_finish(p, t);
}

static Node *try_bitor_after_eq(Parser *p, void *arg) {
    parse_next(p); // '='
    Node *b = parse_bitor(p);
    TokKind k = parse_peek(p)->kind;
    if (k == TK_EQUAL || k == TK_COLONEQUAL) parse_invalid(p);
    return b;
}

// named_expression, optionally with CPython's hints for a '=' after it.
static Node *named_expression(Parser *p, int eq_hints) {
    int start = p->pos;
    Token *t = parse_peek(p);
    if (t->kind == TK_NAME && parse_peek_at(p, 1)->kind == TK_COLONEQUAL) {
        Node *n = parse_node(p, N_NAMEDEXPR, start);
        n->u.namedexpr.target = parse_name_node(p, start, CTX_STORE);
        parse_next(p);
        n->u.namedexpr.value = parse_expression(p);
        return parse_finish(p, n);
    }
    Node *e = parse_expression(p);
    Token *k = parse_peek(p);
    if (k->kind == TK_COLONEQUAL)
        parse_fail_node(p, e, "cannot use assignment expressions with %s", parse_expr_name(e));
    if (k->kind == TK_EQUAL && eq_hints) {
        int save = p->pos;
        Node *b = parse_try(p, try_bitor_after_eq, NULL);
        if (b) {
            if (e->kind == N_NAME && save == start + 1)
                parse_fail_range(p, e, b,
                                 "invalid syntax. Maybe you meant '==' or ':=' instead of '='?");
            if (parse_eq_hint_ok(p, e, start))
                parse_fail_node(p, e,
                                "cannot assign to %s here. Maybe you meant '==' instead of '='?",
                                parse_expr_name(e));
        }
        p->pos = save;
    }
    return e;
}

Node *parse_named_expression(Parser *p) {
    return named_expression(p, 1);
}

Node *parse_star_named_expression(Parser *p) {
    if (parse_at(p, TK_STAR)) return parse_star_expression(p);
    return named_expression(p, 1);
}

// ---- lambda, conditional and boolean expressions ---------------------------------

static Node *lambdef(Parser *p) {
    int start = p->pos;
    parse_next(p);
    Node *n = parse_node(p, N_LAMBDA, start);
    n->u.lambda.args = parse_parameters(p, TK_COLON, 0);
    parse_expect(p, TK_COLON);
    n->u.lambda.body = parse_expression(p);
    return parse_finish(p, n);
}

static Node *expression_fn(Parser *p, void *arg) {
    return parse_expression(p);
}
static Node *star_expressions_fn(Parser *p, void *arg) {
    return parse_star_expressions(p);
}

// CPython's "invalid syntax. Perhaps you forgot a comma?": inside brackets,
// an expression [a] directly followed by another one.
static void comma_hint(Parser *p, Node *a, int start) {
    TokKind k = parse_peek(p)->kind;
    if (!parse_starts_expr(k)) return;
    Token *t0 = &p->toks[start];
    if (t0->kind == TK_NAME && a->kind == N_NAME && p->pos == start + 1 &&
        ((t0->len == 5 && memcmp(t0->start, "print", 5) == 0) ||
         (t0->len == 4 && memcmp(t0->start, "exec", 4) == 0))) {
        // Python 2's print/exec statements.
        int save = p->pos, savemax = p->maxpos;
        Node *b = parse_try(p, star_expressions_fn, NULL);
        if (b)
            parse_fail_range(p, a, b,
                             "Missing parentheses in call to '%.*s'. Did you mean %.*s(...)?",
                             t0->len, t0->start, t0->len, t0->start);
        p->pos = save;
        p->maxpos = savemax;
        return;
    }
    if (t0->kind == TK_NAME) {
        if (p->toks[start + 1].kind == TK_STRING) return;
        static const char *const soft[] = {"match", "case", "_", "print", "exec"};
        for (size_t i = 0; i < sizeof soft / sizeof *soft; i++)
            if ((int)strlen(soft[i]) == t0->len && memcmp(t0->start, soft[i], t0->len) == 0) return;
    }
    int save = p->pos, savemax = p->maxpos;
    Node *b = parse_try(p, expression_fn, NULL);
    if (b && p->toks[p->pos - 1].level > 0)
        parse_fail_range(p, a, b, "invalid syntax. Perhaps you forgot a comma?");
    p->pos = save;
    p->maxpos = savemax;
}

Node *parse_expression(Parser *p) {
    parse_enter(p);
    Node *r;
    if (parse_at(p, TK_KW_LAMBDA)) {
        r = lambdef(p);
    } else {
        int start = p->pos;
        Node *a = parse_disjunction(p);
        if (parse_accept(p, TK_KW_IF)) {
            Node *test = parse_disjunction(p);
            if (!parse_accept(p, TK_KW_ELSE)) {
                if (!parse_at(p, TK_COLON))
                    parse_fail_range(p, a, test, "expected 'else' after 'if' expression");
                parse_invalid(p);
            }
            r = parse_node(p, N_IFEXP, start);
            r->u.ifexp.body = a;
            r->u.ifexp.test = test;
            r->u.ifexp.orelse = parse_expression(p);
            parse_finish(p, r);
        } else {
            comma_hint(p, a, start);
            r = a;
        }
    }
    parse_leave(p);
    return r;
}

static Node *inversion(Parser *p);
static Node *comparison(Parser *p);

static Node *conjunction(Parser *p) {
    int start = p->pos;
    Node *a = inversion(p);
    if (!parse_at(p, TK_KW_AND)) return a;
    Node *n = parse_node(p, N_BOOLOP, start);
    ast_list_push(&n->u.boolop.values, a);
    while (parse_accept(p, TK_KW_AND)) ast_list_push(&n->u.boolop.values, inversion(p));
    return parse_finish(p, n);
}

Node *parse_disjunction(Parser *p) {
    int start = p->pos;
    Node *a = conjunction(p);
    if (!parse_at(p, TK_KW_OR)) return a;
    Node *n = parse_node(p, N_BOOLOP, start);
    n->u.boolop.is_or = 1;
    ast_list_push(&n->u.boolop.values, a);
    while (parse_accept(p, TK_KW_OR)) ast_list_push(&n->u.boolop.values, conjunction(p));
    return parse_finish(p, n);
}

static Node *inversion(Parser *p) {
    if (!parse_at(p, TK_KW_NOT)) return comparison(p);
    int start = p->pos;
    parse_enter(p);
    parse_next(p);
    Node *n = parse_node(p, N_UNARYOP, start);
    n->u.unaryop.op = UNOP_NOT;
    n->u.unaryop.operand = inversion(p);
    parse_leave(p);
    return parse_finish(p, n);
}

// Consume a comparison operator; 0 if there is none.
static int cmp_op(Parser *p, CmpKind *op) {
    Token *t = parse_peek(p);
    switch (t->kind) {
    case TK_EQEQUAL: *op = CK_EQ; break;
    case TK_NOTEQUAL: *op = CK_NE; break;
    case TK_LESS: *op = CK_LT; break;
    case TK_LESSEQUAL: *op = CK_LE; break;
    case TK_GREATER: *op = CK_GT; break;
    case TK_GREATEREQUAL: *op = CK_GE; break;
    case TK_KW_IN: *op = CK_IN; break;
    case TK_KW_NOT:
        if (parse_peek_at(p, 1)->kind != TK_KW_IN) return 0;
        parse_next(p);
        *op = CK_NOTIN;
        break;
    case TK_KW_IS:
        parse_next(p);
        if (parse_accept(p, TK_KW_NOT)) {
            *op = CK_ISNOT;
            return 1;
        }
        *op = CK_IS;
        return 1;
    default: return 0;
    }
    parse_next(p);
    return 1;
}

static Node *comparison(Parser *p) {
    int start = p->pos;
    Node *a = parse_bitor(p);
    CmpKind op;
    if (!cmp_op(p, &op)) return a;
    Node *n = parse_node(p, N_COMPARE, start);
    n->u.compare.left = a;
    int cap = 2, len = 0;
    CmpKind *ops = gc_alloc_atomic(sizeof(CmpKind) * (size_t)cap);
    do {
        if (len == cap) {
            CmpKind *o = gc_alloc_atomic(sizeof(CmpKind) * (size_t)cap * 2);
            memcpy(o, ops, sizeof(CmpKind) * (size_t)len);
            ops = o;
            cap *= 2;
        }
        ops[len++] = op;
        ast_list_push(&n->u.compare.comparators, parse_bitor(p));
    } while (cmp_op(p, &op));
    n->u.compare.ops = ops;
    return parse_finish(p, n);
}

// ---- binary operators ------------------------------------------------------------

enum { LV_OR, LV_XOR, LV_AND, LV_SHIFT, LV_SUM, LV_TERM, LV_COUNT };

static int binop_at(int level, TokKind k) {
    switch (level) {
    case LV_OR: return k == TK_VBAR ? BINOP_OR : -1;
    case LV_XOR: return k == TK_CIRCUMFLEX ? BINOP_XOR : -1;
    case LV_AND: return k == TK_AMPER ? BINOP_AND : -1;
    case LV_SHIFT: return k == TK_LEFTSHIFT ? BINOP_LSHIFT : k == TK_RIGHTSHIFT ? BINOP_RSHIFT : -1;
    case LV_SUM: return k == TK_PLUS ? BINOP_ADD : k == TK_MINUS ? BINOP_SUB : -1;
    case LV_TERM:
        switch (k) {
        case TK_STAR: return BINOP_MUL;
        case TK_SLASH: return BINOP_TRUEDIV;
        case TK_DOUBLESLASH: return BINOP_FLOORDIV;
        case TK_PERCENT: return BINOP_MOD;
        case TK_AT: return BINOP_MATMUL;
        default: return -1;
        }
    }
    return -1;
}

static Node *binary(Parser *p, int level) {
    if (level == LV_COUNT) return factor(p);
    int start = p->pos;
    Node *left = binary(p, level + 1);
    for (;;) {
        int op = binop_at(level, parse_peek(p)->kind);
        if (op < 0) return left;
        parse_next(p);
        Node *right = binary(p, level + 1);
        Node *n = parse_node(p, N_BINOP, start);
        n->u.binop.left = left;
        n->u.binop.op = (BinOp)op;
        n->u.binop.right = right;
        left = parse_finish(p, n);
    }
}

Node *parse_bitor(Parser *p) {
    return binary(p, LV_OR);
}

static Node *primary(Parser *p);

static Node *power(Parser *p) {
    int start = p->pos;
    Node *a;
    if (parse_at(p, TK_KW_AWAIT)) {
        parse_next(p);
        a = parse_node(p, N_AWAIT, start);
        a->u.value.value = primary(p);
        parse_finish(p, a);
    } else {
        a = primary(p);
    }
    if (!parse_accept(p, TK_DOUBLESTAR)) return a;
    parse_enter(p);
    Node *n = parse_node(p, N_BINOP, start);
    n->u.binop.left = a;
    n->u.binop.op = BINOP_POW;
    n->u.binop.right = factor(p);
    parse_leave(p);
    return parse_finish(p, n);
}

static Node *factor(Parser *p) {
    Token *t = parse_peek(p);
    UnOp op;
    switch (t->kind) {
    case TK_MINUS: op = UNOP_NEG; break;
    case TK_PLUS: op = UNOP_POS; break;
    case TK_TILDE: op = UNOP_INVERT; break;
    default: return power(p);
    }
    int start = p->pos;
    if (op == UNOP_NEG && parse_peek_at(p, 1)->kind == TK_NUMBER) {
        // -9223372036854775808: the one literal whose magnitude exceeds int64.
        Token *num = parse_peek_at(p, 1);
        TokKind after = parse_peek_at(p, 2)->kind;
        uint64_t mag;
        if (after != TK_DOUBLESTAR && after != TK_DOT && after != TK_LPAR && after != TK_LSQB &&
            pstr_int_literal(num->start, num->len, &mag) && mag == (UINT64_C(1) << 63)) {
            parse_next(p);
            parse_next(p);
            Node *c = parse_node(p, N_CONSTANT, start);
            c->u.constant.value = int_from_i64(INT64_MIN);
            return parse_finish(p, c);
        }
    }
    parse_enter(p);
    parse_next(p);
    Node *n = parse_node(p, N_UNARYOP, start);
    n->u.unaryop.op = op;
    n->u.unaryop.operand = factor(p);
    parse_leave(p);
    return parse_finish(p, n);
}

// ---- primaries -------------------------------------------------------------------

// slice: [expression] ':' [expression] [':' [expression]] | named_expression
// (or a starred expression inside a tuple of slices).
static Node *slice_item(Parser *p) {
    int start = p->pos;
    if (parse_at(p, TK_STAR)) return parse_star_expression(p);
    Node *lower = NULL;
    if (!parse_at(p, TK_COLON)) {
        lower = parse_named_expression(p);
        if (!parse_at(p, TK_COLON)) return lower;
    }
    Node *s = parse_node(p, N_SLICE, start);
    parse_next(p);
    s->u.slice.lower = lower;
    TokKind k = parse_peek(p)->kind;
    if (k != TK_COLON && k != TK_RSQB && k != TK_COMMA) s->u.slice.upper = parse_expression(p);
    if (parse_accept(p, TK_COLON)) {
        k = parse_peek(p)->kind;
        if (k != TK_RSQB && k != TK_COMMA) s->u.slice.step = parse_expression(p);
    }
    return parse_finish(p, s);
}

static Node *slices(Parser *p) {
    int start = p->pos;
    Node *first = slice_item(p);
    if (!parse_at(p, TK_COMMA) && first->kind != N_STARRED) return first;
    Node *t = parse_node(p, N_TUPLE, start);
    ast_list_push(&t->u.seq.elts, first);
    while (parse_accept(p, TK_COMMA)) {
        if (parse_at(p, TK_RSQB)) break;
        ast_list_push(&t->u.seq.elts, slice_item(p));
    }
    return parse_finish(p, t);
}

// The last part of a comprehension (its last `if` or its iterable).
static Node *last_comp_item(NodeList *gens) {
    Node *c = gens->items[gens->len - 1];
    NodeList *ifs = &c->u.comprehension.ifs;
    return ifs->len ? ifs->items[ifs->len - 1] : c->u.comprehension.iter;
}

void parse_call_args(Parser *p, Node *call, int allow_genexp) {
    int lpar = p->pos - 1;
    int seen_kw = 0, seen_dstar = 0;
    while (!parse_at(p, TK_RPAR)) {
        int start = p->pos;
        Token *t = parse_peek(p);
        if (t->kind == TK_STAR) {
            if (seen_dstar)
                parse_fail_known(p, t,
                                 "iterable argument unpacking follows keyword argument unpacking");
            parse_next(p);
            Node *s = parse_node(p, N_STARRED, start);
            s->u.starred.value = parse_expression(p);
            ast_list_push(&call->u.call.args, parse_finish(p, s));
        } else if (t->kind == TK_DOUBLESTAR) {
            parse_next(p);
            Node *k = parse_node(p, N_KEYWORD, start);
            k->u.keyword.value = parse_expression(p);
            ast_list_push(&call->u.call.keywords, parse_finish(p, k));
            seen_dstar = 1;
        } else if ((t->kind == TK_NAME || t->kind == TK_KW_TRUE || t->kind == TK_KW_FALSE ||
                    t->kind == TK_KW_NONE) &&
                   parse_peek_at(p, 1)->kind == TK_EQUAL) {
            Token *eq = parse_peek_at(p, 1);
            if (t->kind != TK_NAME)
                parse_fail_at(p, &SyntaxErrorType, t->line, t->col, eq->end_line, eq->end_col,
                              "cannot assign to %.*s", t->len, t->start);
            Node *k = parse_node(p, N_KEYWORD, start);
            k->u.keyword.arg = parse_name_str(parse_next(p));
            parse_next(p);
            k->u.keyword.value = parse_expression(p);
            if (parse_at(p, TK_KW_FOR))
                parse_fail_at(p, &SyntaxErrorType, t->line, t->col, eq->end_line, eq->end_col,
                              "invalid syntax. Maybe you meant '==' or ':=' instead of '='?");
            ast_list_push(&call->u.call.keywords, parse_finish(p, k));
            seen_kw = 1;
        } else {
            Node *e = named_expression(p, 0);
            if (parse_at(p, TK_KW_FOR) || parse_at(p, TK_KW_ASYNC)) {
                if (!allow_genexp) parse_invalid(p);
                Node *g = parse_node(p, N_GENEXP, lpar);
                g->u.comp.elt = e;
                parse_comp_clauses(p, &g->u.comp.generators);
                if (call->u.call.args.len || call->u.call.keywords.len || !parse_at(p, TK_RPAR))
                    parse_fail_range(p, e, last_comp_item(&g->u.comp.generators),
                                     "Generator expression must be parenthesized");
                parse_next(p);
                parse_finish(p, g);
                ast_list_push(&call->u.call.args, g);
                return;
            }
            Token *eq = parse_peek(p);
            if (eq->kind == TK_EQUAL)
                parse_fail_at(p, &SyntaxErrorType, e->line, e->col, eq->end_line, eq->end_col,
                              "expression cannot contain assignment, perhaps you meant \"==\"?");
            if (seen_kw || seen_dstar)
                parse_fail_tok(p, parse_peek(p),
                               seen_dstar ? "positional argument follows keyword argument unpacking"
                                          : "positional argument follows keyword argument");
            ast_list_push(&call->u.call.args, e);
        }
        if (!parse_accept(p, TK_COMMA)) break;
    }
    parse_expect(p, TK_RPAR);
}

static Node *primary(Parser *p) {
    int start = p->pos;
    Node *e = parse_atom(p);
    for (;;) {
        Token *t = parse_peek(p);
        if (t->kind == TK_DOT) {
            parse_next(p);
            Token *nm = parse_peek(p);
            if (nm->kind != TK_NAME) parse_invalid(p);
            parse_next(p);
            Node *n = parse_node(p, N_ATTRIBUTE, start);
            n->u.attribute.value = e;
            n->u.attribute.attr = parse_name_str(nm);
            e = parse_finish(p, n);
        } else if (t->kind == TK_LPAR) {
            parse_next(p);
            Node *n = parse_node(p, N_CALL, start);
            n->u.call.func = e;
            parse_call_args(p, n, 1);
            e = parse_finish(p, n);
        } else if (t->kind == TK_LSQB) {
            parse_next(p);
            Node *n = parse_node(p, N_SUBSCRIPT, start);
            n->u.subscript.value = e;
            n->u.subscript.slice = slices(p);
            parse_expect(p, TK_RSQB);
            e = parse_finish(p, n);
        } else {
            return e;
        }
    }
}
