// lexer.h — the Python tokenizer: source text to a token array.
//
// A port of the behaviour of CPython 3.11's tokenizer (Parser/tokenizer.c):
// INDENT/DEDENT with 8-column tab stops and the TabError check, implicit
// line joining inside brackets, backslash continuation, number and string
// scanning with the same error messages and error positions. Strings are only
// delimited here; the parser decodes them (escapes, f-strings).
//
// The whole module is tokenized up front. A tokenizer error ends the array
// with an ERRORTOKEN and is described in Lexer.err; the parser raises it when
// it reaches that token, or instead of its own error when CPython would (see
// parser.c, "error precedence").
#ifndef PRICKLE_LEXER_H
#define PRICKLE_LEXER_H

#include "object.h"

#include <stdarg.h>

typedef enum {
#define TOK(name, text) TK_##name,
#include "tokens.def"
#undef TOK
    TK_COUNT
} TokKind;

#define TK_KW_FIRST TK_KW_FALSE
#define TK_KW_LAST TK_KW_YIELD

// Bracket nesting limit (CPython's MAXLEVEL) and indentation limit (MAXINDENT).
#define LEX_MAXLEVEL 200
#define LEX_MAXINDENT 100

typedef struct {
    TokKind kind;
    // Span as CPython's parser sees it: 1-based lines, 0-based byte columns,
    // end exclusive. col/end_col are -1 for tokens without text (INDENT,
    // DEDENT, ENDMARKER, ERRORTOKEN).
    int line, col, end_line, end_col;
    // Column of the tokenizer's cursor on [line] once the token was read
    // (CPython reports errors at text-less tokens there).
    int curcol;
    const char *start; // the token's text in the source (NULL if none)
    int len;
    int level; // bracket nesting after the token
} Token;

typedef enum {
    LEXERR_NONE,
    LEXERR_HARD,   // raised by CPython's tokenizer itself: wins over parser errors
    LEXERR_SOFT,   // reported only when the parser reaches the error token
    LEXERR_EOF_IN_BRACKET, // end of file inside brackets: "'(' was never closed"
} LexErrKind;

typedef struct {
    LexErrKind kind;
    Type *type; // SyntaxError, IndentationError or TabError
    Str *msg;
    // Arguments for err_syntax (0-based columns; CPython's odd end offsets 0
    // and -1 are end_col -1 and -2).
    int line, col, end_line, end_col;
    int bracket_line; // LEXERR_EOF_IN_BRACKET: line of the unclosed bracket
} LexError;

typedef struct Lexer {
    const char *src; // the whole normalised source (NUL-terminated)
    Str *filename;
    Token *toks; // the result, ending with ENDMARKER or ERRORTOKEN
    int ntoks, cap;
    LexError err;

    // ---- scanning state (private)
    const char *limit;      // end of the text being tokenized
    const char *cur;        // next byte to read
    const char *inp;        // end of the current line (after its '\n')
    const char *line_start; // start of the current line
    const char *start;      // start of the token being scanned
    const char *multi_line_start;
    int lineno, first_lineno;
    int atbol;  // at the beginning of a line
    int pendin; // pending INDENT (> 0) or DEDENT (< 0) tokens
    int sub;    // tokenizing an f-string replacement field
    int level;  // bracket nesting
    char parenstack[LEX_MAXLEVEL];
    int parenline[LEX_MAXLEVEL], parencol[LEX_MAXLEVEL];
    int indent;
    int indstack[LEX_MAXINDENT], altindstack[LEX_MAXINDENT];
} Lexer;

// Normalise module source for the lexer: check and strip a coding
// declaration and a UTF-8 byte order mark, convert a latin-1 source to UTF-8,
// translate \r\n and \r to \n, append a final newline if missing, reject NUL
// bytes and invalid UTF-8 (SyntaxError, as CPython). Returns the new
// NUL-terminated text and its length in *out_len, or NULL with an exception.
char *lex_prepare(const char *src, int64_t len, Str *filename, int64_t *out_len);

// Tokenize the prepared module source [src] (see lex_prepare). Never fails:
// errors are recorded in lx->err (see LexError).
void lex_module(Lexer *lx, const char *src, int64_t len, Str *filename);

// Tokenize the replacement-field expression [start, end) of an f-string
// that lies inside [src]; [line] is the line of [start] and [line_start] the
// start of that line. Newlines are insignificant (as inside brackets).
void lex_fstring_expr(Lexer *lx, const char *src, const char *start, const char *end, int line,
                      const char *line_start, Str *filename);

// The spelling of an operator or keyword token kind ("+=", "while"), or a
// description in angle brackets for the other kinds.
const char *lex_token_text(TokKind k);

// printf-style formatting (C printf conversions only) into a new str.
Str *lex_format(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
Str *lex_vformat(const char *fmt, va_list ap);

// True if code point [cp] may continue an identifier (ASCII letters, digits,
// '_' and an approximation of Unicode's XID_Continue for the rest).
int lex_is_ident_char(uint32_t cp);

#endif
