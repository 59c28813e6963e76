// parser_impl.h — private interface of the parser (parser.c, parser_stmt.c,
// parser_expr.c, parser_atom.c, parser_str.c): the Parser state, token helpers,
// error reporting and the entry points of each part.
//
// Errors never return: they raise through err_syntax() and longjmp to the
// innermost parse_try() or to parse_module().
#ifndef PRICKLE_PARSER_IMPL_H
#define PRICKLE_PARSER_IMPL_H

#include "ast.h"
#include "lexer.h"

#include <setjmp.h>

// Maximum nesting of parser recursion and of the returned AST.
#define PARSE_MAX_DEPTH 2990

typedef struct Parser Parser;

struct Parser {
    Token *toks;
    int ntoks;
    int pos;         // next token
    int maxpos;      // furthest token looked at ("invalid syntax" goes there)
    int fill;        // furthest token ever looked at (not undone by parse_try)
    Lexer *lx;       // the token source (its err describes the ERRORTOKEN)
    const char *src; // normalised source (error lines)
    Str *filename;
    Parser *root; // the module parser, which owns the fields below

    // ---- shared state (used through root)
    jmp_buf *jb;    // where errors go
    int depth;      // recursion depth
    int from_lexer; // the pending error is the module lexer's own
    int hard_error; // the pending error ends speculation too

    // ---- f-string replacement fields (sub-parsers)
    Parser *parent;    // NULL for the module parser
    const char *ftext; // the expression text, for error reports
    int ftext_len;
    int fline;    // line of the '{'
    int fcol;     // column of the '{' (error columns are relative to it)
    int fend_col; // column just after the expression (where ')' would be)
};

// ---- tokens (parser.c) ----------------------------------------------------------

// The current token (raises the lexer's error when it is the ERRORTOKEN).
Token *parse_peek(Parser *p);
// The token [k] positions ahead of the current one (same error rule).
Token *parse_peek_at(Parser *p, int k);
// True if the current token is of [kind].
int parse_at(Parser *p, TokKind kind);
// Consume and return the current token.
Token *parse_next(Parser *p);
// Consume the current token if it is of [kind]; NULL otherwise.
Token *parse_accept(Parser *p, TokKind kind);
// Consume a token of [kind] or fail with "invalid syntax".
Token *parse_expect(Parser *p, TokKind kind);

// The interned str of a NAME token.
Str *parse_name_str(Token *t);

// ---- nodes (parser.c) -------------------------------------------------------------

// A node of [kind] starting at token index [start].
Node *parse_node(Parser *p, NodeKind kind, int start);
// Set [n]'s end to the end of the last consumed token that is not a
// NEWLINE/INDENT/DEDENT (CPython's EXTRA); returns [n].
Node *parse_finish(Parser *p, Node *n);
// Copy the end of [from] to [n].
void parse_span_end(Node *n, Node *from);

// ---- errors (parser.c) ---------------------------------------------------------

// Raise [t] with a message at a source span (0-based columns as err_syntax)
// and unwind. In an f-string sub-parser the message gets CPython's
// "f-string: " prefix and a position relative to the expression.
_Noreturn void parse_fail_at(Parser *p, Type *t, int line, int col, int end_line, int end_col,
                             const char *fmt, ...) __attribute__((format(printf, 7, 8)));
// SyntaxError at token [t], text-less tokens at the tokenizer cursor
// (CPython's RAISE_SYNTAX_ERROR when [t] is the last token fetched).
_Noreturn void parse_fail_tok(Parser *p, Token *t, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
// Same with exception class [type] (IndentationError).
_Noreturn void parse_fail_tok_as(Parser *p, Type *type, Token *t, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
// SyntaxError at token [t]'s own span (CPython's ..._KNOWN_LOCATION).
_Noreturn void parse_fail_known(Parser *p, Token *t, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
// SyntaxError spanning node [n].
_Noreturn void parse_fail_node(Parser *p, Node *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
// SyntaxError from the start of [a] to the end of [b].
_Noreturn void parse_fail_range(Parser *p, Node *a, Node *b, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
// SyntaxError at the last token fetched (CPython's RAISE_SYNTAX_ERROR).
_Noreturn void parse_fail_last(Parser *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
// The generic "invalid syntax" at the furthest token looked at (or
// "unexpected indent" when that is an INDENT).
_Noreturn void parse_invalid(Parser *p);

// Enter/leave one level of recursion (RecursionError beyond PARSE_MAX_DEPTH).
void parse_enter(Parser *p);
static inline void parse_leave(Parser *p) {
    p->root->depth--;
}

// Run fn(p, arg) speculatively: its result, or NULL (with the position, the
// furthest token and the exception state restored) if it raised.
typedef Node *(*ParseFn)(Parser *p, void *arg);
Node *parse_try(Parser *p, ParseFn fn, void *arg);

// ---- statements (parser_stmt.c) ---------------------------------------------------

// Parse statements until ENDMARKER into [body].
void parse_statements_until_end(Parser *p, NodeList *body);

// ---- expressions (parser_expr.c, parser_atom.c) ---------------------------------

Node *parse_star_expressions(Parser *p);
Node *parse_star_expression(Parser *p);
Node *parse_star_named_expression(Parser *p);
Node *parse_named_expression(Parser *p);
Node *parse_expression(Parser *p);
Node *parse_disjunction(Parser *p);
Node *parse_bitor(Parser *p);
Node *parse_yield_expr(Parser *p);
// star_targets: a target list for `for`/comprehensions (ctx STORE).
Node *parse_star_targets(Parser *p);
// star_target: one element of star_targets (ctx STORE), e.g. after `as`.
Node *parse_star_target(Parser *p);
// atom: a name, literal, parenthesised form or display (parser_atom.c).
Node *parse_atom(Parser *p);
// A Name node for the NAME token at [start] (consumed).
Node *parse_name_node(Parser *p, int start, ExprCtx ctx);
// `for ... in ... if ...` clauses of a comprehension into [gens].
void parse_comp_clauses(Parser *p, NodeList *gens);
// Parameters of def (allow_annotations) or lambda up to [close] (RPAR or COLON).
Node *parse_parameters(Parser *p, TokKind close, int allow_annotations);
// Call arguments after '(' up to and including ')' into [call]; a bare
// generator expression as sole argument only if [allow_genexp].
void parse_call_args(Parser *p, Node *call, int allow_genexp);
// The contents of a parenthesised atom whose '(' is token [start]; [close] is
// RPAR (or ENDMARKER for an f-string replacement field).
Node *parse_paren_contents(Parser *p, int start, TokKind close);

// What a bad target is called in messages ("literal", "function call", ...).
const char *parse_expr_name(Node *e);
// Set the context of target [e] to [ctx] (CTX_STORE or CTX_DEL), failing with
// CPython's "cannot assign to X" / "cannot delete X" when it is not a target.
void parse_set_target(Parser *p, Node *e, ExprCtx ctx);
// The first invalid part of target [e], or NULL (CPython's get_invalid_target).
Node *parse_invalid_target(Node *e, ExprCtx ctx);
// True if [e], parsed from token index [start], is what CPython's bitwise_or
// rule produces (parenthesised expressions included).
int parse_is_bitor(Parser *p, Node *e, int start);
// True if CPython's "cannot assign to X here. Maybe you meant '==' instead of
// '='?" may name [e] (parsed from token [start]): a bitwise_or that does not
// start with a list, tuple, generator expression, True, None or False.
int parse_eq_hint_ok(Parser *p, Node *e, int start);
// Parse an int literal's text into *out; 0 if it is not an int literal or
// does not fit 64 unsigned bits.
int pstr_int_literal(const char *s, int len, uint64_t *out);
// True if token kind [k] can start an expression.
int parse_starts_expr(TokKind k);

// ---- strings (parser_str.c) -----------------------------------------------------

// Decode the STRING tokens [first, last) (implicit concatenation, bytes,
// f-strings) into a Constant or a JoinedStr.
Node *pstr_parse_strings(Parser *p, int first, int last);

// Parse the NUMBER token [t] into a Constant.
Node *pstr_parse_number(Parser *p, Token *t, int start);

#endif
