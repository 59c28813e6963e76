// parser.c — the parser driver: parse_module, token access, error
// reporting with CPython 3.11's positions and error precedence, speculation,
// and the final AST depth check. Statements are in parser_stmt.c,
// expressions in parser_expr.c and parser_atom.c, literals in parser_str.c.
//
// Error precedence (lexer.h): the whole module is tokenized first, but a
// tokenizer error is raised only when the parser looks at the ERRORTOKEN,
// as CPython's lazy tokenizer does. When the parser fails earlier, CPython
// tokenizes the rest of the file: an error raised by the tokenizer itself
// (LEXERR_HARD) replaces the parser's, and so does an unclosed bracket
// opened on a line before the last token the parser fetched
// (LEXERR_EOF_IN_BRACKET).
#include "parser.h"
#include "err.h"
#include "parser_impl.h"
#include "str.h"

#include <stdarg.h>
#include <string.h>

// ---- tokens ------------------------------------------------------------------------

// Raise the lexer's error (the parser reached its ERRORTOKEN).
static _Noreturn void vfail(Parser *p, int prefix, Type *t, int line, int col, int end_line,
                            int end_col, const char *fmt, va_list ap);
static _Noreturn void fail_noprefix(Parser *p, Type *t, int line, int col, int end_line,
                                    int end_col, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vfail(p, 0, t, line, col, end_line, end_col, fmt, ap);
}

static _Noreturn void lexer_fail(Parser *p) {
    LexError *e = &p->lx->err;
    Parser *r = p->root;
    if (p == r) r->from_lexer = 1;
    fail_noprefix(p, e->type ? e->type : &SyntaxErrorType, e->line, e->col, e->end_line, e->end_col,
                  "%s", e->msg ? e->msg->data : "invalid syntax");
}

Token *parse_peek(Parser *p) {
    Token *t = &p->toks[p->pos];
    if (p->pos > p->maxpos) p->maxpos = p->pos;
    if (p->pos > p->fill) p->fill = p->pos;
    if (t->kind == TK_ERRORTOKEN) lexer_fail(p);
    return t;
}

Token *parse_peek_at(Parser *p, int k) {
    int i = p->pos + k;
    for (int j = p->pos; j < i && j < p->ntoks - 1; j++)
        if (p->toks[j].kind == TK_ERRORTOKEN || p->toks[j].kind == TK_ENDMARKER) {
            i = j;
            break;
        }
    if (i > p->ntoks - 1) i = p->ntoks - 1;
    if (i > p->maxpos) p->maxpos = i;
    if (i > p->fill) p->fill = i;
    if (p->toks[i].kind == TK_ERRORTOKEN) lexer_fail(p);
    return &p->toks[i];
}

int parse_at(Parser *p, TokKind kind) {
    return parse_peek(p)->kind == kind;
}

Token *parse_next(Parser *p) {
    Token *t = parse_peek(p);
    if (t->kind != TK_ENDMARKER) p->pos++;
    return t;
}

Token *parse_accept(Parser *p, TokKind kind) {
    return parse_peek(p)->kind == kind ? parse_next(p) : NULL;
}

Token *parse_expect(Parser *p, TokKind kind) {
    if (parse_peek(p)->kind != kind) parse_invalid(p);
    return parse_next(p);
}

Str *parse_name_str(Token *t) {
    return str_intern(str_new(t->start, t->len));
}

// ---- nodes -------------------------------------------------------------------------

Node *parse_node(Parser *p, NodeKind kind, int start) {
    Token *t = &p->toks[start];
    Node *n = ast_new(kind, t->line, t->col);
    n->end_line = t->end_line;
    n->end_col = t->end_col;
    return n;
}

static int is_whitespace_tok(TokKind k) {
    return k == TK_NEWLINE || k == TK_INDENT || k == TK_DEDENT || k == TK_ENDMARKER;
}

Node *parse_finish(Parser *p, Node *n) {
    int i = p->pos - 1;
    while (i > 0 && is_whitespace_tok(p->toks[i].kind)) i--;
    if (i >= 0) {
        n->end_line = p->toks[i].end_line;
        n->end_col = p->toks[i].end_col;
    }
    return n;
}

void parse_span_end(Node *n, Node *from) {
    n->end_line = from->end_line;
    n->end_col = from->end_col;
}

// ---- errors ------------------------------------------------------------------------

static _Noreturn void vfail(Parser *p, int prefix, Type *t, int line, int col, int end_line,
                            int end_col, const char *fmt, va_list ap) {
    Parser *r = p->root;
    Str *msg = lex_vformat(fmt, ap);
    const char *src = r->src;
    if (p->parent) {
        // CPython 3.11 parses a replacement field as the text "(expr)" on its
        // own: the message is prefixed, the source line shown is that text and
        // columns on the first line are relative to it.
        if (prefix) msg = str_concat(str_from_cstr("f-string: "), msg);
        StrBuf b;
        strbuf_init(&b);
        for (int i = 1; i < line; i++) strbuf_putc(&b, '\n');
        strbuf_putc(&b, '(');
        strbuf_putn(&b, p->ftext, p->ftext_len);
        strbuf_putc(&b, ')');
        src = strbuf_finish(&b)->data;
        if (line == p->fline) {
            col = col >= 0 ? col - p->fcol : col;
            if (col < -1) col = 0;
        }
        if (end_line == p->fline && end_col >= 0) {
            end_col -= p->fcol;
            if (end_col < 0) end_col = 0;
        }
    }
    err_syntax(t, p->filename, src, line, col, end_line, end_col, "%s", msg->data);
    longjmp(*r->jb, 1);
}

void parse_fail_at(Parser *p, Type *t, int line, int col, int end_line, int end_col,
                   const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vfail(p, 1, t, line, col, end_line, end_col, fmt, ap);
}

// The span CPython reports for token [t] in _PyPegen_raise_error: text-less
// tokens at the tokenizer's cursor, with no end.
static void cursor_span(Parser *p, Token *t, int *col, int *end_col) {
    if (t->kind == TK_ENDMARKER && p->parent) {
        *col = p->fend_col;
        *end_col = p->fend_col + 1;
    } else if (t->kind == TK_ENDMARKER) {
        // CPython's file tokenizer has emptied its buffer at the end of file.
        *col = -1;
        *end_col = -2;
    } else if (t->col < 0) {
        *col = t->curcol - 1;
        *end_col = -2;
    } else {
        *col = t->col;
        *end_col = t->end_col;
    }
}

void parse_fail_tok(Parser *p, Token *t, const char *fmt, ...) {
    int col, end_col;
    cursor_span(p, t, &col, &end_col);
    va_list ap;
    va_start(ap, fmt);
    vfail(p, 1, &SyntaxErrorType, t->line, col, t->end_line, end_col, fmt, ap);
}

void parse_fail_tok_as(Parser *p, Type *type, Token *t, const char *fmt, ...) {
    int col, end_col;
    cursor_span(p, t, &col, &end_col);
    va_list ap;
    va_start(ap, fmt);
    vfail(p, 1, type, t->line, col, t->end_line, end_col, fmt, ap);
}

void parse_fail_known(Parser *p, Token *t, const char *fmt, ...) {
    int col = t->col, end_col = t->end_col;
    if (t->kind == TK_ENDMARKER && p->parent) col = p->fend_col, end_col = col + 1;
    va_list ap;
    va_start(ap, fmt);
    vfail(p, 1, &SyntaxErrorType, t->line, col, t->end_line, end_col, fmt, ap);
}

void parse_fail_node(Parser *p, Node *n, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vfail(p, 1, &SyntaxErrorType, n->line, n->col, n->end_line, n->end_col, fmt, ap);
}

void parse_fail_range(Parser *p, Node *a, Node *b, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vfail(p, 1, &SyntaxErrorType, a->line, a->col, b->end_line, b->end_col, fmt, ap);
}

void parse_fail_last(Parser *p, const char *fmt, ...) {
    Token *t = &p->toks[p->maxpos];
    int col, end_col;
    cursor_span(p, t, &col, &end_col);
    va_list ap;
    va_start(ap, fmt);
    vfail(p, 1, &SyntaxErrorType, t->line, col, t->end_line, end_col, fmt, ap);
}

void parse_invalid(Parser *p) {
    Token *t = &p->toks[p->maxpos];
    if (t->kind == TK_INDENT || t->kind == TK_DEDENT) {
        int col, end_col;
        cursor_span(p, t, &col, &end_col);
        parse_fail_at(p, &IndentationErrorType, t->line, col, t->end_line, end_col, "%s",
                      t->kind == TK_INDENT ? "unexpected indent" : "unexpected unindent");
    }
    if (t->kind == TK_ERRORTOKEN) lexer_fail(p);
    parse_fail_known(p, t, "invalid syntax");
}

static _Noreturn void recursion_fail(Parser *p) {
    err_format(&RecursionErrorType, "maximum recursion depth exceeded during compilation");
    longjmp(*p->root->jb, 1);
}

void parse_enter(Parser *p) {
    if (++p->root->depth > PARSE_MAX_DEPTH) recursion_fail(p);
}

Node *parse_try(Parser *p, ParseFn fn, void *arg) {
    Parser *r = p->root;
    jmp_buf jb;
    jmp_buf *volatile saved = r->jb;
    volatile int pos = p->pos, maxpos = p->maxpos, depth = r->depth;
    Node *volatile res = NULL;
    r->jb = &jb;
    if (setjmp(jb) == 0) {
        res = fn(p, arg);
    } else {
        if (r->hard_error) {
            r->jb = saved;
            longjmp(*saved, 1);
        }
        err_clear();
        p->pos = pos;
        p->maxpos = maxpos;
        r->depth = depth;
        r->from_lexer = 0;
        res = NULL;
    }
    r->jb = saved;
    return res;
}

// ---- AST depth ---------------------------------------------------------------------

static int deep_list(NodeList *l, int d);

// True if the AST under [n] (at depth [d]) is deeper than PARSE_MAX_DEPTH.
static int too_deep(Node *n, int d) {
    if (!n) return 0;
    if (d > PARSE_MAX_DEPTH) return 1;
    d++;
    switch (n->kind) {
    case N_MODULE: return deep_list(&n->u.module.body, d);
    case N_FUNCDEF:
        return too_deep(n->u.funcdef.args, d) || deep_list(&n->u.funcdef.body, d) ||
               deep_list(&n->u.funcdef.decorators, d) || too_deep(n->u.funcdef.returns, d);
    case N_CLASSDEF:
        return deep_list(&n->u.classdef.bases, d) || deep_list(&n->u.classdef.keywords, d) ||
               deep_list(&n->u.classdef.body, d) || deep_list(&n->u.classdef.decorators, d);
    case N_RETURN:
    case N_EXPR:
    case N_YIELD:
    case N_YIELDFROM:
    case N_AWAIT: return too_deep(n->u.value.value, d);
    case N_DELETE: return deep_list(&n->u.del.targets, d);
    case N_ASSIGN: return deep_list(&n->u.assign.targets, d) || too_deep(n->u.assign.value, d);
    case N_AUGASSIGN:
        return too_deep(n->u.augassign.target, d) || too_deep(n->u.augassign.value, d);
    case N_ANNASSIGN:
        return too_deep(n->u.annassign.target, d) || too_deep(n->u.annassign.annotation, d) ||
               too_deep(n->u.annassign.value, d);
    case N_FOR:
    case N_WHILE:
        return too_deep(n->u.loop.target, d) || too_deep(n->u.loop.iter, d) ||
               too_deep(n->u.loop.test, d) || deep_list(&n->u.loop.body, d) ||
               deep_list(&n->u.loop.orelse, d);
    case N_IF:
        return too_deep(n->u.if_.test, d) || deep_list(&n->u.if_.body, d) ||
               deep_list(&n->u.if_.orelse, d);
    case N_WITH: return deep_list(&n->u.with.items, d) || deep_list(&n->u.with.body, d);
    case N_RAISE: return too_deep(n->u.raise.exc, d) || too_deep(n->u.raise.cause, d);
    case N_TRY:
        return deep_list(&n->u.try_.body, d) || deep_list(&n->u.try_.handlers, d) ||
               deep_list(&n->u.try_.orelse, d) || deep_list(&n->u.try_.finalbody, d);
    case N_ASSERT: return too_deep(n->u.assert_.test, d) || too_deep(n->u.assert_.msg, d);
    case N_IMPORT:
    case N_IMPORTFROM:
    case N_GLOBAL:
    case N_NONLOCAL:
    case N_PASS:
    case N_BREAK:
    case N_CONTINUE:
    case N_CONSTANT:
    case N_NAME:
    case N_ALIAS: return 0;
    case N_BOOLOP: return deep_list(&n->u.boolop.values, d);
    case N_NAMEDEXPR:
        return too_deep(n->u.namedexpr.target, d) || too_deep(n->u.namedexpr.value, d);
    case N_BINOP: return too_deep(n->u.binop.left, d) || too_deep(n->u.binop.right, d);
    case N_UNARYOP: return too_deep(n->u.unaryop.operand, d);
    case N_LAMBDA: return too_deep(n->u.lambda.args, d) || too_deep(n->u.lambda.body, d);
    case N_IFEXP:
        return too_deep(n->u.ifexp.test, d) || too_deep(n->u.ifexp.body, d) ||
               too_deep(n->u.ifexp.orelse, d);
    case N_DICT: return deep_list(&n->u.dict.keys, d) || deep_list(&n->u.dict.values, d);
    case N_SET:
    case N_LIST:
    case N_TUPLE:
    case N_JOINEDSTR: return deep_list(&n->u.seq.elts, d);
    case N_LISTCOMP:
    case N_SETCOMP:
    case N_DICTCOMP:
    case N_GENEXP:
        return too_deep(n->u.comp.key, d) || too_deep(n->u.comp.elt, d) ||
               deep_list(&n->u.comp.generators, d);
    case N_COMPARE:
        return too_deep(n->u.compare.left, d) || deep_list(&n->u.compare.comparators, d);
    case N_CALL:
        return too_deep(n->u.call.func, d) || deep_list(&n->u.call.args, d) ||
               deep_list(&n->u.call.keywords, d);
    case N_FORMATTEDVALUE:
        return too_deep(n->u.fvalue.value, d) || too_deep(n->u.fvalue.format_spec, d);
    case N_ATTRIBUTE: return too_deep(n->u.attribute.value, d);
    case N_SUBSCRIPT: return too_deep(n->u.subscript.value, d) || too_deep(n->u.subscript.slice, d);
    case N_STARRED: return too_deep(n->u.starred.value, d);
    case N_SLICE:
        return too_deep(n->u.slice.lower, d) || too_deep(n->u.slice.upper, d) ||
               too_deep(n->u.slice.step, d);
    case N_COMPREHENSION:
        return too_deep(n->u.comprehension.target, d) || too_deep(n->u.comprehension.iter, d) ||
               deep_list(&n->u.comprehension.ifs, d);
    case N_EXCEPTHANDLER: return too_deep(n->u.handler.type, d) || deep_list(&n->u.handler.body, d);
    case N_ARGUMENTS:
        return deep_list(&n->u.arguments.posonlyargs, d) || deep_list(&n->u.arguments.args, d) ||
               too_deep(n->u.arguments.vararg, d) || deep_list(&n->u.arguments.kwonlyargs, d) ||
               deep_list(&n->u.arguments.kw_defaults, d) || too_deep(n->u.arguments.kwarg, d) ||
               deep_list(&n->u.arguments.defaults, d);
    case N_ARG: return too_deep(n->u.arg.annotation, d);
    case N_KEYWORD: return too_deep(n->u.keyword.value, d);
    case N_WITHITEM:
        return too_deep(n->u.withitem.context_expr, d) || too_deep(n->u.withitem.optional_vars, d);
    }
    return 0;
}

static int deep_list(NodeList *l, int d) {
    for (int i = 0; i < l->len; i++)
        if (too_deep(l->items[i], d)) return 1;
    return 0;
}

// ---- the driver ----------------------------------------------------------------------

// Apply the error precedence described at the top of this file to a pending
// parser error.
static void apply_precedence(Parser *p) {
    LexError *e = &p->lx->err;
    if (p->from_lexer || !err_matches(&SyntaxErrorType)) return;
    // CPython compares with the line of the last token its parser fetched.
    if (e->kind == LEXERR_HARD ||
        (e->kind == LEXERR_EOF_IN_BRACKET && p->toks[p->fill].line > e->bracket_line)) {
        err_clear();
        err_syntax(e->type ? e->type : &SyntaxErrorType, p->filename, p->src, e->line, e->col,
                   e->end_line, e->end_col, "%s", e->msg ? e->msg->data : "invalid syntax");
    }
}

Node *parse_module(const char *src, int64_t len, Str *filename) {
    int64_t nlen = 0;
    char *text = lex_prepare(src, len, filename, &nlen);
    if (!text) return NULL;
    Lexer *lx = gc_alloc(sizeof(Lexer));
    lex_module(lx, text, nlen, filename);

    Parser *p = gc_alloc(sizeof(Parser));
    p->toks = lx->toks;
    p->ntoks = lx->ntoks;
    p->lx = lx;
    p->src = text;
    p->filename = filename;
    p->root = p;
    jmp_buf jb;
    p->jb = &jb;
    Node *volatile mod = NULL;
    if (setjmp(jb) == 0) {
        mod = ast_new(N_MODULE, 1, 0);
        parse_statements_until_end(p, &mod->u.module.body);
        if (too_deep(mod, 0)) recursion_fail(p);
    } else {
        apply_precedence(p);
        return NULL;
    }
    return mod;
}
