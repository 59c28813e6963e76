// parser_atom.c — atoms: names, literals, parenthesised expressions and
// tuples, list/set/dict displays, comprehensions and generator expressions,
// yield expressions, and the parameters of def and lambda.
#include "err.h"
#include "parser_impl.h"
#include "str.h"

#include <string.h>

// ---- atoms -------------------------------------------------------------------------

void parse_comp_clauses(Parser *p, NodeList *gens) {
    for (;;) {
        Token *t = parse_peek(p);
        if (t->kind == TK_KW_ASYNC) parse_fail_known(p, t, "'async' is not supported by prickle");
        if (t->kind != TK_KW_FOR) return;
        parse_next(p);
        Node *c = ast_new(N_COMPREHENSION, t->line, t->col);
        c->u.comprehension.target = parse_star_targets(p);
        if (!parse_accept(p, TK_KW_IN)) parse_invalid(p);
        c->u.comprehension.iter = parse_disjunction(p);
        while (parse_accept(p, TK_KW_IF))
            ast_list_push(&c->u.comprehension.ifs, parse_disjunction(p));
        ast_list_push(gens, c);
    }
}

static Node *comprehension(Parser *p, NodeKind kind, int start, Node *elt, TokKind close) {
    if (elt->kind == N_STARRED) {
        if (kind == N_GENEXP) parse_fail_node(p, elt, "cannot use starred expression here");
        parse_fail_node(p, elt, "iterable unpacking cannot be used in comprehension");
    }
    Node *n = parse_node(p, kind, start);
    n->u.comp.elt = elt;
    parse_comp_clauses(p, &n->u.comp.generators);
    parse_expect(p, close);
    return parse_finish(p, n);
}

// In an f-string replacement field CPython parses "(expr)": a tuple or
// generator expression made by those parentheses spans the braces.
static Node *wrap_span(Parser *p, Node *n, TokKind close) {
    if (close == TK_ENDMARKER && p->parent) {
        Token *end = &p->toks[p->ntoks - 1];
        n->line = p->fline;
        n->col = p->fcol;
        n->end_line = end->line;
        n->end_col = p->fend_col + 1;
    }
    return n;
}

Node *parse_paren_contents(Parser *p, int start, TokKind close) {
    if (parse_accept(p, close)) return parse_finish(p, parse_node(p, N_TUPLE, start));
    if (parse_at(p, TK_KW_YIELD)) {
        Node *y = parse_yield_expr(p);
        parse_expect(p, close);
        return y;
    }
    if (parse_at(p, TK_DOUBLESTAR)) {
        Token *t = parse_next(p);
        parse_bitor(p);
        if (parse_at(p, close)) parse_fail_known(p, t, "cannot use double starred expression here");
        parse_invalid(p);
    }
    Node *first = parse_star_named_expression(p);
    if (parse_at(p, TK_KW_FOR) || parse_at(p, TK_KW_ASYNC))
        return wrap_span(p, comprehension(p, N_GENEXP, start, first, close), close);
    if (!parse_at(p, TK_COMMA)) {
        if (!parse_at(p, close)) parse_invalid(p);
        if (first->kind == N_STARRED)
            parse_fail_node(p, first, "cannot use starred expression here");
        parse_next(p);
        return first;
    }
    Node *t = parse_node(p, N_TUPLE, start);
    ast_list_push(&t->u.seq.elts, first);
    while (parse_accept(p, TK_COMMA)) {
        if (parse_at(p, close)) break;
        ast_list_push(&t->u.seq.elts, parse_star_named_expression(p));
    }
    parse_expect(p, close);
    return wrap_span(p, parse_finish(p, t), close);
}

static Node *list_display(Parser *p, int start) {
    if (parse_accept(p, TK_RSQB)) return parse_finish(p, parse_node(p, N_LIST, start));
    Node *first = parse_star_named_expression(p);
    if (parse_at(p, TK_KW_FOR) || parse_at(p, TK_KW_ASYNC))
        return comprehension(p, N_LISTCOMP, start, first, TK_RSQB);
    Node *n = parse_node(p, N_LIST, start);
    ast_list_push(&n->u.seq.elts, first);
    while (parse_accept(p, TK_COMMA)) {
        if (parse_at(p, TK_RSQB)) break;
        ast_list_push(&n->u.seq.elts, parse_star_named_expression(p));
    }
    parse_expect(p, TK_RSQB);
    return parse_finish(p, n);
}

// One `key: value` or `**mapping` of a dict display.
static void dict_item(Parser *p, Node *d, Node *key) {
    if (!key) {
        Token *t = parse_accept(p, TK_DOUBLESTAR);
        if (t) {
            ast_list_push(&d->u.dict.keys, NULL);
            ast_list_push(&d->u.dict.values, parse_bitor(p));
            if (parse_at(p, TK_KW_FOR) || parse_at(p, TK_KW_ASYNC))
                parse_fail_known(p, t, "dict unpacking cannot be used in dict comprehension");
            return;
        }
        key = parse_expression(p);
    }
    if (!parse_at(p, TK_COLON)) {
        TokKind k = parse_peek(p)->kind;
        if (k == TK_COMMA || k == TK_RBRACE)
            parse_fail_at(p, &SyntaxErrorType, key->line, key->end_col - 1, key->end_line, -1,
                          "':' expected after dictionary key");
        parse_invalid(p);
    }
    Token *c = parse_next(p);
    TokKind k = parse_peek(p)->kind;
    if (k == TK_RBRACE || k == TK_COMMA)
        parse_fail_known(p, c, "expression expected after dictionary key and ':'");
    ast_list_push(&d->u.dict.keys, key);
    ast_list_push(&d->u.dict.values, parse_expression(p));
}

static Node *brace_display(Parser *p, int start) {
    if (parse_accept(p, TK_RBRACE)) return parse_finish(p, parse_node(p, N_DICT, start));
    Node *d = NULL;
    if (parse_at(p, TK_DOUBLESTAR)) {
        d = parse_node(p, N_DICT, start);
        dict_item(p, d, NULL);
    } else {
        Node *first = parse_star_named_expression(p);
        if (parse_at(p, TK_COLON) && first->kind != N_STARRED) {
            d = parse_node(p, N_DICT, start);
            dict_item(p, d, first);
            if (parse_at(p, TK_KW_FOR) || parse_at(p, TK_KW_ASYNC)) {
                Node *n = parse_node(p, N_DICTCOMP, start);
                n->u.comp.key = first;
                n->u.comp.elt = d->u.dict.values.items[0];
                parse_comp_clauses(p, &n->u.comp.generators);
                parse_expect(p, TK_RBRACE);
                return parse_finish(p, n);
            }
        } else {
            if (parse_at(p, TK_KW_FOR) || parse_at(p, TK_KW_ASYNC))
                return comprehension(p, N_SETCOMP, start, first, TK_RBRACE);
            Node *s = parse_node(p, N_SET, start);
            ast_list_push(&s->u.seq.elts, first);
            while (parse_accept(p, TK_COMMA)) {
                if (parse_at(p, TK_RBRACE)) break;
                ast_list_push(&s->u.seq.elts, parse_star_named_expression(p));
            }
            parse_expect(p, TK_RBRACE);
            return parse_finish(p, s);
        }
    }
    while (parse_accept(p, TK_COMMA)) {
        if (parse_at(p, TK_RBRACE)) break;
        dict_item(p, d, NULL);
    }
    parse_expect(p, TK_RBRACE);
    return parse_finish(p, d);
}

static Node *constant(Parser *p, int start, Value v) {
    parse_next(p);
    Node *n = parse_node(p, N_CONSTANT, start);
    n->u.constant.value = v;
    return n;
}

Node *parse_atom(Parser *p) {
    int start = p->pos;
    Token *t = parse_peek(p);
    switch (t->kind) {
    case TK_NAME: return parse_name_node(p, start, CTX_LOAD);
    case TK_KW_NONE: return constant(p, start, VAL_NONE);
    case TK_KW_TRUE: return constant(p, start, VAL_TRUE);
    case TK_KW_FALSE: return constant(p, start, VAL_FALSE);
    case TK_ELLIPSIS: return constant(p, start, VAL_ELLIPSIS);
    case TK_NUMBER: parse_next(p); return pstr_parse_number(p, t, start);
    case TK_STRING:
        while (parse_at(p, TK_STRING)) parse_next(p);
        return pstr_parse_strings(p, start, p->pos);
    case TK_LPAR: parse_next(p); return parse_paren_contents(p, start, TK_RPAR);
    case TK_LSQB: parse_next(p); return list_display(p, start);
    case TK_LBRACE: parse_next(p); return brace_display(p, start);
    default: parse_invalid(p);
    }
}

Node *parse_yield_expr(Parser *p) {
    int start = p->pos;
    parse_next(p);
    if (parse_accept(p, TK_KW_FROM)) {
        Node *n = parse_node(p, N_YIELDFROM, start);
        n->u.value.value = parse_expression(p);
        return parse_finish(p, n);
    }
    Node *n = parse_node(p, N_YIELD, start);
    TokKind k = parse_peek(p)->kind;
    if (parse_starts_expr(k) || k == TK_STAR) n->u.value.value = parse_star_expressions(p);
    return parse_finish(p, n);
}

// ---- parameters ------------------------------------------------------------------

static Node *param(Parser *p, int allow_annotations) {
    int start = p->pos;
    Token *t = parse_peek(p);
    if (t->kind != TK_NAME) parse_invalid(p);
    parse_next(p);
    Node *a = parse_node(p, N_ARG, start);
    a->u.arg.name = parse_name_str(t);
    if (allow_annotations && parse_accept(p, TK_COLON)) {
        if (parse_at(p, TK_STAR)) // *args: *Ts
            a->u.arg.annotation = parse_star_expression(p);
        else
            a->u.arg.annotation = parse_expression(p);
    }
    return parse_finish(p, a);
}

Node *parse_parameters(Parser *p, TokKind close, int allow_annotations) {
    Node *a = ast_new(N_ARGUMENTS, 0, 0);
    NodeList *args = &a->u.arguments.args;
    int seen_default = 0, seen_slash = 0, seen_star = 0;
    while (!parse_at(p, close)) {
        Token *t = parse_peek(p);
        if (t->kind == TK_SLASH) {
            if (seen_slash) parse_fail_known(p, t, "/ may appear only once");
            if (seen_star) parse_fail_known(p, t, "/ must be ahead of *");
            if (!args->len) {
                if (parse_peek_at(p, 1)->kind != TK_COMMA) parse_fail_known(p, t, "invalid syntax");
                parse_fail_known(p, t, "at least one argument must precede /");
            }
            parse_next(p);
            a->u.arguments.posonlyargs = *args;
            memset(args, 0, sizeof *args);
            seen_slash = 1;
        } else if (t->kind == TK_STAR) {
            if (seen_star) parse_fail_known(p, t, "* argument may appear only once");
            parse_next(p);
            seen_star = 1;
            if (parse_at(p, TK_NAME)) {
                a->u.arguments.vararg = param(p, allow_annotations);
                if (parse_at(p, TK_EQUAL))
                    parse_fail_known(p, parse_peek(p),
                                     "var-positional argument cannot have default value");
            } else {
                TokKind k1 = parse_peek(p)->kind;
                TokKind k2 = k1 == TK_COMMA ? parse_peek_at(p, 1)->kind : k1;
                if (k1 == close || k2 == close || k2 == TK_DOUBLESTAR) {
                    if (!allow_annotations) // lambda: at the last token looked at
                        parse_fail_last(p, "named arguments must follow bare *");
                    parse_fail_known(p, t, "named arguments must follow bare *");
                }
            }
        } else if (t->kind == TK_DOUBLESTAR) {
            parse_next(p);
            a->u.arguments.kwarg = param(p, allow_annotations);
            Token *n = parse_peek(p);
            if (n->kind == TK_EQUAL)
                parse_fail_known(p, n, "var-keyword argument cannot have default value");
            if (parse_accept(p, TK_COMMA) && !parse_at(p, close)) {
                Token *x = parse_peek(p);
                if (x->kind == TK_NAME || x->kind == TK_STAR || x->kind == TK_DOUBLESTAR ||
                    x->kind == TK_SLASH) {
                    if (x->kind == TK_NAME) {
                        Node *bad = param(p, allow_annotations);
                        parse_fail_node(p, bad, "arguments cannot follow var-keyword argument");
                    }
                    parse_fail_known(p, x, "arguments cannot follow var-keyword argument");
                }
            }
            break;
        } else if (t->kind == TK_NAME) {
            Node *arg = param(p, allow_annotations);
            Node *def = NULL;
            if (parse_accept(p, TK_EQUAL)) def = parse_expression(p);
            if (seen_star) {
                ast_list_push(&a->u.arguments.kwonlyargs, arg);
                ast_list_push(&a->u.arguments.kw_defaults, def);
            } else {
                if (def) {
                    ast_list_push(&a->u.arguments.defaults, def);
                    seen_default = 1;
                } else if (seen_default) {
                    parse_fail_node(p, arg, "non-default argument follows default argument");
                }
                ast_list_push(args, arg);
            }
        } else {
            parse_invalid(p);
        }
        if (!parse_accept(p, TK_COMMA)) break;
    }
    return a;
}
