// parser_stmt.c — statements: blocks, compound statements, simple
// statements, assignments and imports, with CPython 3.11's error messages
// for the common mistakes (missing ':', missing indented block, invalid
// assignment targets, unsupported async/match/except*).
#include "err.h"
#include "parser_impl.h"
#include "str.h"

#include <string.h>

static void statement(Parser *p, NodeList *body);
static void simple_stmts(Parser *p, NodeList *body);

// ---- helpers ---------------------------------------------------------------------

// A ':' after a statement header: "expected ':'" when the line ends there.
static void colon(Parser *p) {
    Token *t = parse_peek(p);
    if (t->kind == TK_COLON) {
        parse_next(p);
        return;
    }
    if (t->kind == TK_NEWLINE) parse_fail_tok(p, t, "expected ':'");
    parse_invalid(p);
}

// A token CPython's grammar forces (&&':'): "expected X" at any other token.
static Token *forced(Parser *p, TokKind kind, const char *text) {
    Token *t = parse_peek(p);
    if (t->kind != kind) parse_fail_known(p, t, "expected '%s'", text);
    return parse_next(p);
}

static int at_stmt_end(Parser *p) {
    TokKind k = parse_peek(p)->kind;
    return k == TK_NEWLINE || k == TK_SEMI;
}

static Str *expect_name(Parser *p) {
    Token *t = parse_peek(p);
    if (t->kind != TK_NAME) parse_invalid(p);
    parse_next(p);
    return parse_name_str(t);
}

// block: NEWLINE INDENT statements DEDENT | simple_stmts. [what] and [line]
// describe the header for "expected an indented block after ...".
static NodeList block(Parser *p, const char *what, int line) {
    NodeList body = {0};
    if (parse_accept(p, TK_NEWLINE)) {
        Token *t = parse_peek(p);
        if (t->kind != TK_INDENT)
            parse_fail_tok_as(p, &IndentationErrorType, t,
                              "expected an indented block after %s on line %d", what, line);
        parse_next(p);
        while (!parse_at(p, TK_DEDENT)) statement(p, &body);
        parse_next(p);
    } else {
        simple_stmts(p, &body);
    }
    return body;
}

// 'else' &&':' block
static NodeList else_block(Parser *p) {
    Token *kw = parse_next(p);
    forced(p, TK_COLON, ":");
    return block(p, "'else' statement", kw->line);
}

// `async def/for/with`: unsupported; any other `async` is a syntax error.
static _Noreturn void unsupported_async(Parser *p, Token *t) {
    TokKind k = parse_peek_at(p, 1)->kind;
    if (k == TK_KW_DEF || k == TK_KW_FOR || k == TK_KW_WITH)
        parse_fail_known(p, t, "'async' is not supported by prickle");
    parse_invalid(p);
}

// ---- compound statements ---------------------------------------------------------

static Node *if_stmt(Parser *p) {
    int start = p->pos;
    Token *kw = parse_next(p);
    Node *first = parse_node(p, N_IF, start), *cur = first;
    first->u.if_.test = parse_named_expression(p);
    colon(p);
    first->u.if_.body = block(p, "'if' statement", kw->line);
    // elif chains are built iteratively (they nest in the AST).
    NodeList chain = {0};
    ast_list_push(&chain, first);
    while (parse_at(p, TK_KW_ELIF)) {
        int s = p->pos;
        Token *ek = parse_next(p);
        Node *e = parse_node(p, N_IF, s);
        e->u.if_.test = parse_named_expression(p);
        colon(p);
        e->u.if_.body = block(p, "'elif' statement", ek->line);
        ast_list_push(&cur->u.if_.orelse, e);
        ast_list_push(&chain, e);
        cur = e;
    }
    if (parse_at(p, TK_KW_ELSE)) cur->u.if_.orelse = else_block(p);
    for (int i = 0; i < chain.len; i++) parse_finish(p, chain.items[i]);
    return first;
}

static Node *while_stmt(Parser *p) {
    int start = p->pos;
    Token *kw = parse_next(p);
    Node *n = parse_node(p, N_WHILE, start);
    n->u.loop.test = parse_named_expression(p);
    colon(p);
    n->u.loop.body = block(p, "'while' statement", kw->line);
    if (parse_at(p, TK_KW_ELSE)) n->u.loop.orelse = else_block(p);
    return parse_finish(p, n);
}

static Node *for_stmt(Parser *p) {
    int start = p->pos;
    Token *kw = parse_next(p);
    Node *n = parse_node(p, N_FOR, start);
    n->u.loop.target = parse_star_targets(p);
    if (!parse_accept(p, TK_KW_IN)) parse_invalid(p);
    n->u.loop.iter = parse_star_expressions(p);
    colon(p);
    n->u.loop.body = block(p, "'for' statement", kw->line);
    if (parse_at(p, TK_KW_ELSE)) n->u.loop.orelse = else_block(p);
    return parse_finish(p, n);
}

// with_item: expression ['as' star_target]
static Node *with_item(Parser *p) {
    Node *item = ast_new(N_WITHITEM, 0, 0);
    item->u.withitem.context_expr = parse_expression(p);
    if (!parse_accept(p, TK_KW_AS)) return item;
    if (parse_at(p, TK_STAR)) {
        item->u.withitem.optional_vars = parse_star_target(p);
        return item;
    }
    Node *t = parse_expression(p);
    Node *bad = parse_invalid_target(t, CTX_STORE);
    if (bad) {
        // Reported whichever form of `with` is being tried.
        p->root->hard_error = 1;
        parse_fail_node(p, bad, "cannot assign to %s", parse_expr_name(bad));
    }
    parse_set_target(p, t, CTX_STORE);
    item->u.withitem.optional_vars = t;
    return item;
}

// '(' ','.with_item+ ','? ')' followed by ':' (speculative).
static Node *paren_with_items(Parser *p, void *arg) {
    NodeList *items = arg;
    items->len = 0;
    parse_expect(p, TK_LPAR);
    do {
        if (parse_at(p, TK_RPAR) && items->len) break;
        ast_list_push(items, with_item(p));
    } while (parse_accept(p, TK_COMMA));
    parse_expect(p, TK_RPAR);
    if (!parse_at(p, TK_COLON)) parse_invalid(p);
    return (Node *)items;
}

static Node *with_stmt(Parser *p) {
    int start = p->pos;
    Token *kw = parse_next(p);
    Node *n = parse_node(p, N_WITH, start);
    NodeList items = {0};
    if (!parse_at(p, TK_LPAR) || !parse_try(p, paren_with_items, &items)) {
        items.len = 0;
        do ast_list_push(&items, with_item(p));
        while (parse_accept(p, TK_COMMA));
    }
    n->u.with.items = items;
    colon(p);
    n->u.with.body = block(p, "'with' statement", kw->line);
    return parse_finish(p, n);
}

static Node *except_clause(Parser *p) {
    int start = p->pos;
    Token *kw = parse_next(p);
    if (parse_at(p, TK_STAR)) parse_fail_known(p, kw, "'except*' is not supported by prickle");
    Node *h = parse_node(p, N_EXCEPTHANDLER, start);
    if (!parse_at(p, TK_COLON) && !parse_at(p, TK_NEWLINE)) {
        Node *type = parse_expression(p);
        if (parse_at(p, TK_COMMA))
            parse_fail_node(p, type, "multiple exception types must be parenthesized");
        h->u.handler.type = type;
        if (parse_accept(p, TK_KW_AS)) h->u.handler.name = expect_name(p);
    }
    colon(p);
    h->u.handler.body = block(p, "'except' statement", kw->line);
    return parse_finish(p, h);
}

static Node *try_stmt(Parser *p) {
    int start = p->pos;
    Token *kw = parse_next(p);
    Node *n = parse_node(p, N_TRY, start);
    forced(p, TK_COLON, ":");
    n->u.try_.body = block(p, "'try' statement", kw->line);
    if (!parse_at(p, TK_KW_EXCEPT) && !parse_at(p, TK_KW_FINALLY))
        parse_fail_tok(p, parse_peek(p), "expected 'except' or 'finally' block");
    while (parse_at(p, TK_KW_EXCEPT)) ast_list_push(&n->u.try_.handlers, except_clause(p));
    if (n->u.try_.handlers.len && parse_at(p, TK_KW_ELSE)) n->u.try_.orelse = else_block(p);
    if (parse_at(p, TK_KW_FINALLY)) {
        Token *fk = parse_next(p);
        forced(p, TK_COLON, ":");
        n->u.try_.finalbody = block(p, "'finally' statement", fk->line);
    }
    return parse_finish(p, n);
}

static Node *funcdef(Parser *p, NodeList decorators) {
    int start = p->pos;
    Token *kw = parse_next(p);
    Node *n = parse_node(p, N_FUNCDEF, start);
    n->u.funcdef.name = expect_name(p);
    forced(p, TK_LPAR, "(");
    n->u.funcdef.args = parse_parameters(p, TK_RPAR, 1);
    parse_expect(p, TK_RPAR);
    if (parse_accept(p, TK_RARROW)) n->u.funcdef.returns = parse_expression(p);
    forced(p, TK_COLON, ":");
    n->u.funcdef.decorators = decorators;
    n->u.funcdef.body = block(p, "function definition", kw->line);
    return parse_finish(p, n);
}

static Node *classdef(Parser *p, NodeList decorators) {
    int start = p->pos;
    Token *kw = parse_next(p);
    Node *n = parse_node(p, N_CLASSDEF, start);
    n->u.classdef.name = expect_name(p);
    if (parse_accept(p, TK_LPAR)) {
        Node *call = ast_new(N_CALL, 0, 0);
        parse_call_args(p, call, 0);
        n->u.classdef.bases = call->u.call.args;
        n->u.classdef.keywords = call->u.call.keywords;
    }
    colon(p);
    n->u.classdef.decorators = decorators;
    n->u.classdef.body = block(p, "class definition", kw->line);
    return parse_finish(p, n);
}

static Node *decorated(Parser *p) {
    NodeList decorators = {0};
    while (parse_accept(p, TK_AT)) {
        ast_list_push(&decorators, parse_named_expression(p));
        if (!parse_accept(p, TK_NEWLINE)) parse_invalid(p);
    }
    Token *t = parse_peek(p);
    if (t->kind == TK_KW_DEF) return funcdef(p, decorators);
    if (t->kind == TK_KW_CLASS) return classdef(p, decorators);
    if (t->kind == TK_KW_ASYNC) unsupported_async(p, t);
    parse_invalid(p);
}

// "match" subject_expr ':' — a match statement (speculative).
static Node *match_head(Parser *p, void *arg) {
    parse_next(p);
    Node *subject = parse_star_named_expression(p);
    if (parse_accept(p, TK_COMMA) && !parse_at(p, TK_COLON)) {
        do parse_star_named_expression(p);
        while (parse_accept(p, TK_COMMA) && !parse_at(p, TK_COLON));
    }
    if (!parse_at(p, TK_COLON)) parse_invalid(p);
    return subject;
}

// ---- simple statements -----------------------------------------------------------

// The augmented assignment operator of token kind [k], or -1.
static int aug_op(TokKind k) {
    switch (k) {
    case TK_PLUSEQUAL: return BINOP_ADD;
    case TK_MINEQUAL: return BINOP_SUB;
    case TK_STAREQUAL: return BINOP_MUL;
    case TK_SLASHEQUAL: return BINOP_TRUEDIV;
    case TK_DOUBLESLASHEQUAL: return BINOP_FLOORDIV;
    case TK_PERCENTEQUAL: return BINOP_MOD;
    case TK_DOUBLESTAREQUAL: return BINOP_POW;
    case TK_LEFTSHIFTEQUAL: return BINOP_LSHIFT;
    case TK_RIGHTSHIFTEQUAL: return BINOP_RSHIFT;
    case TK_AMPEREQUAL: return BINOP_AND;
    case TK_VBAREQUAL: return BINOP_OR;
    case TK_CIRCUMFLEXEQUAL: return BINOP_XOR;
    case TK_ATEQUAL: return BINOP_MATMUL;
    default: return -1;
    }
}

// annotated_rhs / assignment value: yield_expr | star_expressions
static Node *rhs(Parser *p) {
    return parse_at(p, TK_KW_YIELD) ? parse_yield_expr(p) : parse_star_expressions(p);
}

// The bitwise_or CPython's invalid_named_expression sees after the first '='
// of an assignment ([next] is the next target or the value; [more]: another
// '=' follows it), or NULL when that rule cannot apply.
static Node *lead_bitor(Node *next, int more) {
    Node *lead = next;
    if (lead->kind == N_TUPLE && lead->u.seq.elts.len &&
        lead->line == lead->u.seq.elts.items[0]->line &&
        lead->col == lead->u.seq.elts.items[0]->col)
        lead = lead->u.seq.elts.items[0]; // unparenthesised tuple
    for (;;) {
        Node *first = NULL;
        if (lead->kind == N_COMPARE)
            first = lead->u.compare.left;
        else if (lead->kind == N_BOOLOP)
            first = lead->u.boolop.values.items[0];
        else if (lead->kind == N_IFEXP)
            first = lead->u.ifexp.body;
        if (!first || first->line != lead->line || first->col != lead->col) break;
        lead = first;
    }
    switch (lead->kind) {
    case N_STARRED:
    case N_YIELD:
    case N_YIELDFROM:
    case N_LAMBDA:
    case N_COMPARE:
    case N_BOOLOP:
    case N_IFEXP: return NULL;
    case N_UNARYOP:
        if (lead->u.unaryop.op == UNOP_NOT) return NULL;
        break;
    default: break;
    }
    if (more && lead == next) return NULL; // followed by '='
    return lead;
}

// CPython's hints for a bad first target: "cannot assign to X here. Maybe
// you meant '==' instead of '='?" for a bitwise_or target, and for an
// unparenthesised tuple the hints of its last element.
static void assign_hints(Parser *p, Node *t, int start, Node *next, int more) {
    Node *b = lead_bitor(next, more);
    if (!b) return;
    if (t->kind == N_TUPLE && p->toks[start].kind != TK_LPAR && t->u.seq.elts.len >= 2) {
        Node *last = t->u.seq.elts.items[t->u.seq.elts.len - 1];
        Token *lt = NULL;
        for (int i = start; i < p->pos; i++)
            if (p->toks[i].line == last->line && p->toks[i].col == last->col) {
                lt = &p->toks[i];
                break;
            }
        if (!lt) return;
        int ls = (int)(lt - p->toks);
        if (last->kind == N_NAME && lt->kind == TK_NAME && last->end_col == lt->end_col &&
            last->end_line == lt->end_line)
            parse_fail_range(p, last, b,
                             "invalid syntax. Maybe you meant '==' or ':=' instead of '='?");
        if (parse_invalid_target(last, CTX_STORE) && parse_eq_hint_ok(p, last, ls))
            parse_fail_node(p, last,
                            "cannot assign to %s here. Maybe you meant '==' instead of '='?",
                            parse_expr_name(last));
        return;
    }
    if (parse_eq_hint_ok(p, t, start))
        parse_fail_node(p, t, "cannot assign to %s here. Maybe you meant '==' instead of '='?",
                        parse_expr_name(t));
}

static Node *assignment(Parser *p, int start, Node *first) {
    Node *n = parse_node(p, N_ASSIGN, start);
    NodeList targets = {0};
    ast_list_push(&targets, first);
    Node *value;
    for (;;) {
        parse_next(p); // '='
        Node *v = rhs(p);
        if (!parse_at(p, TK_EQUAL)) {
            value = v;
            break;
        }
        ast_list_push(&targets, v);
    }
    for (int i = 0; i < targets.len; i++) {
        Node *t = targets.items[i];
        if (t->kind == N_YIELD || t->kind == N_YIELDFROM)
            parse_fail_node(p, t, "assignment to yield expression not possible");
        Node *bad = parse_invalid_target(t, CTX_STORE);
        if (bad) {
            if (i == 0)
                assign_hints(p, t, start, i + 1 < targets.len ? targets.items[i + 1] : value,
                             targets.len > 1);
            parse_fail_node(p, bad, "cannot assign to %s", parse_expr_name(bad));
        }
        parse_set_target(p, t, CTX_STORE);
    }
    n->u.assign.targets = targets;
    n->u.assign.value = value;
    return parse_finish(p, n);
}

static Node *annassign(Parser *p, int start, Node *target) {
    int simple = 0;
    switch (target->kind) {
    case N_NAME: simple = p->toks[start].kind != TK_LPAR; break;
    case N_ATTRIBUTE:
    case N_SUBSCRIPT: break;
    case N_TUPLE:
        if (p->toks[start].kind != TK_LPAR && target->u.seq.elts.len)
            target = target->u.seq.elts.items[0];
        parse_fail_node(p, target, "only single target (not tuple) can be annotated");
    case N_LIST: parse_fail_node(p, target, "only single target (not list) can be annotated");
    default: parse_fail_node(p, target, "illegal target for annotation");
    }
    parse_set_target(p, target, CTX_STORE);
    Node *n = parse_node(p, N_ANNASSIGN, start);
    parse_next(p); // ':'
    n->u.annassign.target = target;
    n->u.annassign.annotation = parse_expression(p);
    n->u.annassign.simple = simple;
    if (parse_accept(p, TK_EQUAL)) n->u.annassign.value = rhs(p);
    return parse_finish(p, n);
}

// Expression statements and assignments.
static Node *expr_stmt(Parser *p) {
    int start = p->pos;
    Node *e = rhs(p);
    Token *t = parse_peek(p);
    if (t->kind == TK_EQUAL) return assignment(p, start, e);
    if (t->kind == TK_COLON && e->kind != N_YIELD && e->kind != N_YIELDFROM)
        return annassign(p, start, e);
    int op = aug_op(t->kind);
    if (op >= 0) {
        if (e->kind != N_NAME && e->kind != N_ATTRIBUTE && e->kind != N_SUBSCRIPT)
            parse_fail_node(p, e, "'%s' is an illegal expression for augmented assignment",
                            parse_expr_name(e));
        parse_set_target(p, e, CTX_STORE);
        Node *n = parse_node(p, N_AUGASSIGN, start);
        parse_next(p);
        n->u.augassign.target = e;
        n->u.augassign.op = (BinOp)op;
        n->u.augassign.value = rhs(p);
        return parse_finish(p, n);
    }
    if (t->kind != TK_NEWLINE && t->kind != TK_SEMI) parse_invalid(p);
    Node *n = parse_node(p, N_EXPR, start);
    n->u.value.value = e;
    return parse_finish(p, n);
}

// dotted_name: NAME ('.' NAME)*
static Str *dotted_name(Parser *p) {
    Str *s = expect_name(p);
    while (parse_accept(p, TK_DOT))
        s = str_concat(str_concat(s, str_from_cstr(".")), expect_name(p));
    return str_intern(s);
}

static Node *import_name(Parser *p, int start) {
    Node *n = parse_node(p, N_IMPORT, start);
    parse_next(p);
    do {
        Node *a = parse_node(p, N_ALIAS, p->pos);
        a->u.alias.name = dotted_name(p);
        if (parse_accept(p, TK_KW_AS)) a->u.alias.asname = expect_name(p);
        ast_list_push(&n->u.import.names, parse_finish(p, a));
    } while (parse_accept(p, TK_COMMA));
    return parse_finish(p, n);
}

static Node *import_from(Parser *p, int start) {
    Node *n = parse_node(p, N_IMPORTFROM, start);
    parse_next(p);
    int level = 0;
    for (;;) {
        if (parse_accept(p, TK_DOT))
            level++;
        else if (parse_accept(p, TK_ELLIPSIS))
            level += 3;
        else
            break;
    }
    if (!parse_at(p, TK_KW_IMPORT) || level == 0) n->u.import.module = dotted_name(p);
    n->u.import.level = level;
    if (!parse_accept(p, TK_KW_IMPORT)) parse_invalid(p);
    if (parse_at(p, TK_STAR)) {
        Node *a = parse_node(p, N_ALIAS, p->pos);
        parse_next(p);
        a->u.alias.name = str_intern_cstr("*");
        ast_list_push(&n->u.import.names, parse_finish(p, a));
        return parse_finish(p, n);
    }
    int paren = parse_accept(p, TK_LPAR) != NULL;
    for (;;) {
        Node *a = parse_node(p, N_ALIAS, p->pos);
        a->u.alias.name = expect_name(p);
        if (parse_accept(p, TK_KW_AS)) a->u.alias.asname = expect_name(p);
        ast_list_push(&n->u.import.names, parse_finish(p, a));
        if (!parse_accept(p, TK_COMMA)) break;
        if (paren && parse_at(p, TK_RPAR)) break;
        if (!paren && parse_at(p, TK_NEWLINE))
            parse_fail_tok(p, parse_peek(p),
                           "trailing comma not allowed without surrounding parentheses");
    }
    if (paren) parse_expect(p, TK_RPAR);
    return parse_finish(p, n);
}

static Node *names_stmt(Parser *p, int start, NodeKind kind) {
    Node *n = parse_node(p, kind, start);
    parse_next(p);
    int cap = 4, len = 0;
    Str **names = gc_alloc(sizeof(Str *) * (size_t)cap);
    do {
        if (len == cap) {
            Str **nn = gc_alloc(sizeof(Str *) * (size_t)cap * 2);
            memcpy(nn, names, sizeof(Str *) * (size_t)len);
            names = nn;
            cap *= 2;
        }
        names[len++] = expect_name(p);
    } while (parse_accept(p, TK_COMMA));
    n->u.names.names = names;
    n->u.names.len = len;
    return parse_finish(p, n);
}

static Node *simple_stmt(Parser *p) {
    int start = p->pos;
    Token *t = parse_peek(p);
    Node *n;
    switch (t->kind) {
    case TK_KW_PASS:
    case TK_KW_BREAK:
    case TK_KW_CONTINUE:
        n = parse_node(p,
                       t->kind == TK_KW_PASS    ? N_PASS
                       : t->kind == TK_KW_BREAK ? N_BREAK
                                                : N_CONTINUE,
                       start);
        parse_next(p);
        return parse_finish(p, n);
    case TK_KW_RETURN:
        n = parse_node(p, N_RETURN, start);
        parse_next(p);
        if (parse_starts_expr(parse_peek(p)->kind) || parse_at(p, TK_STAR))
            n->u.value.value = parse_star_expressions(p);
        return parse_finish(p, n);
    case TK_KW_RAISE:
        n = parse_node(p, N_RAISE, start);
        parse_next(p);
        if (parse_starts_expr(parse_peek(p)->kind)) {
            n->u.raise.exc = parse_expression(p);
            if (parse_accept(p, TK_KW_FROM)) n->u.raise.cause = parse_expression(p);
        }
        return parse_finish(p, n);
    case TK_KW_GLOBAL: return names_stmt(p, start, N_GLOBAL);
    case TK_KW_NONLOCAL: return names_stmt(p, start, N_NONLOCAL);
    case TK_KW_DEL:
        n = parse_node(p, N_DELETE, start);
        parse_next(p);
        do {
            Node *e = parse_star_expression(p);
            parse_set_target(p, e, CTX_DEL);
            ast_list_push(&n->u.del.targets, e);
        } while (parse_accept(p, TK_COMMA) && !at_stmt_end(p));
        return parse_finish(p, n);
    case TK_KW_ASSERT:
        n = parse_node(p, N_ASSERT, start);
        parse_next(p);
        n->u.assert_.test = parse_expression(p);
        if (parse_accept(p, TK_COMMA)) n->u.assert_.msg = parse_expression(p);
        return parse_finish(p, n);
    case TK_KW_IMPORT: return import_name(p, start);
    case TK_KW_FROM: return import_from(p, start);
    default: return expr_stmt(p);
    }
}

// simple_stmt (';' simple_stmt)* [';'] NEWLINE
static void simple_stmts(Parser *p, NodeList *body) {
    for (;;) {
        ast_list_push(body, simple_stmt(p));
        if (!parse_accept(p, TK_SEMI) || parse_at(p, TK_NEWLINE)) break;
    }
    if (!parse_at(p, TK_NEWLINE)) parse_invalid(p);
    parse_next(p);
}

static void statement(Parser *p, NodeList *body) {
    Token *t = parse_peek(p);
    NodeList none = {0};
    switch (t->kind) {
    case TK_KW_IF: ast_list_push(body, if_stmt(p)); return;
    case TK_KW_WHILE: ast_list_push(body, while_stmt(p)); return;
    case TK_KW_FOR: ast_list_push(body, for_stmt(p)); return;
    case TK_KW_TRY: ast_list_push(body, try_stmt(p)); return;
    case TK_KW_WITH: ast_list_push(body, with_stmt(p)); return;
    case TK_KW_DEF: ast_list_push(body, funcdef(p, none)); return;
    case TK_KW_CLASS: ast_list_push(body, classdef(p, none)); return;
    case TK_AT: ast_list_push(body, decorated(p)); return;
    case TK_KW_ASYNC: unsupported_async(p, t);
    case TK_NAME:
        if (t->len == 5 && memcmp(t->start, "match", 5) == 0) {
            TokKind k = parse_peek_at(p, 1)->kind;
            if ((parse_starts_expr(k) || k == TK_STAR) && parse_try(p, match_head, NULL))
                parse_fail_known(p, t, "'match' statements are not supported by prickle");
        }
        break;
    default: break;
    }
    simple_stmts(p, body);
}

void parse_statements_until_end(Parser *p, NodeList *body) {
    while (!parse_at(p, TK_ENDMARKER)) statement(p, body);
}
