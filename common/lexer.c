// lexer.c — the Python tokenizer (see lexer.h).
//
// The structure follows CPython 3.11's tok_get() closely (a cursor with
// nextc/backup over lines) so that error messages and the cursor positions
// CPython reports them at come out the same.
#include "lexer.h"
#include "err.h"
#include "str.h"

#include <stdarg.h>
#include <string.h>

#define EOF_C (-1)
#define TABSIZE 8

static const char *const TOKEN_TEXT[] = {
#define TOK(name, text) text,
#include "tokens.def"
#undef TOK
};

const char *lex_token_text(TokKind k) { return k < TK_COUNT ? TOKEN_TEXT[k] : "<?>"; }

Str *lex_vformat(const char *fmt, va_list ap) {
    va_list ap2;
    va_copy(ap2, ap);
    char small[256];
    int n = vsnprintf(small, sizeof small, fmt, ap);
    if (n < (int)sizeof small) {
        va_end(ap2);
        return str_new(small, n < 0 ? 0 : n);
    }
    char *buf = gc_alloc_atomic((size_t)n + 1);
    vsnprintf(buf, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    return str_new(buf, n);
}

Str *lex_format(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    Str *s = lex_vformat(fmt, ap);
    va_end(ap);
    return s;
}

// ---- character classes -----------------------------------------------------------

static int is_potential_identifier_start(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 128;
}

static int is_potential_identifier_char(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c >= 128;
}

static int is_digit(int c) { return c >= '0' && c <= '9'; }
static int is_xdigit(int c) {
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Non-printable code points (an approximation of !str.isprintable()).
static int cp_nonprintable(uint32_t cp) {
    return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0xa0) || cp == 0xad ||
           (cp >= 0x2000 && cp <= 0x200f) || (cp >= 0x2028 && cp <= 0x202f) ||
           (cp >= 0x205f && cp <= 0x206f) || cp == 0x3000 || cp == 0xfeff ||
           (cp >= 0xfff9 && cp <= 0xfffb) || (cp >= 0xe000 && cp <= 0xf8ff) ||
           (cp >= 0xd800 && cp <= 0xdfff);
}

int lex_is_ident_char(uint32_t cp) {
    if (cp < 128)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
               (cp >= '0' && cp <= '9') || cp == '_';
    // Latin-1 punctuation and symbols (letters 0xaa, 0xb5, 0xba and the
    // middle dot are identifier characters).
    if (cp <= 0xbf) return cp == 0xaa || cp == 0xb5 || cp == 0xb7 || cp == 0xba;
    if (cp == 0xd7 || cp == 0xf7) return 0;
    if (cp_nonprintable(cp)) return 0;
    if ((cp >= 0x2010 && cp <= 0x2027) || (cp >= 0x2030 && cp <= 0x203e) ||
        (cp >= 0x2041 && cp <= 0x2053) || (cp >= 0x2055 && cp <= 0x205e))
        return 0; // general punctuation (0x203f/0x2040/0x2054 are connectors)
    if (cp >= 0x20a0 && cp <= 0x20cf) return 0; // currency
    if (cp >= 0x2190 && cp <= 0x2bff) return 0; // arrows, math, technical, shapes
    if (cp >= 0x2e00 && cp <= 0x2e7f) return 0; // supplemental punctuation
    if ((cp >= 0x3001 && cp <= 0x3004) || (cp >= 0x3008 && cp <= 0x3020)) return 0;
    if (cp >= 0xfe10 && cp <= 0xfe1f) return 0;
    if (cp >= 0xfe30 && cp <= 0xfe4f) return 0;
    if ((cp >= 0xff01 && cp <= 0xff0f) || (cp >= 0xff1a && cp <= 0xff20) ||
        (cp >= 0xff3b && cp <= 0xff40 && cp != 0xff3f) || (cp >= 0xff5b && cp <= 0xff65))
        return 0; // fullwidth punctuation
    if (cp >= 0xfff0 && cp <= 0xffff) return 0;
    if (cp >= 0x1f000 && cp <= 0x1faff) return 0; // emoji and pictographs
    if (cp >= 0xf0000) return 0;                  // private use planes
    return 1;
}

// Decode one UTF-8 sequence at [s] (valid UTF-8 is guaranteed by
// lex_prepare); sets *n to its length.
static uint32_t utf8_decode(const char *s, int *n) {
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] < 0x80) {
        *n = 1;
        return u[0];
    }
    if (u[0] < 0xe0) {
        *n = 2;
        return ((uint32_t)(u[0] & 0x1f) << 6) | (u[1] & 0x3f);
    }
    if (u[0] < 0xf0) {
        *n = 3;
        return ((uint32_t)(u[0] & 0x0f) << 12) | ((uint32_t)(u[1] & 0x3f) << 6) | (u[2] & 0x3f);
    }
    *n = 4;
    return ((uint32_t)(u[0] & 0x07) << 18) | ((uint32_t)(u[1] & 0x3f) << 12) |
           ((uint32_t)(u[2] & 0x3f) << 6) | (u[3] & 0x3f);
}

// ---- source preparation ------------------------------------------------------------

// Length of a valid UTF-8 sequence at s[0..n), or 0 if invalid.
static int utf8_valid_len(const unsigned char *s, int64_t n) {
    unsigned c = s[0];
    if (c < 0x80) return 1;
    int len;
    uint32_t min;
    if (c >= 0xc2 && c <= 0xdf)
        len = 2, min = 0x80;
    else if (c >= 0xe0 && c <= 0xef)
        len = 3, min = 0x800;
    else if (c >= 0xf0 && c <= 0xf4)
        len = 4, min = 0x10000;
    else
        return 0;
    if (n < len) return 0;
    uint32_t cp = c & (0x7f >> len);
    for (int i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80) return 0;
        cp = (cp << 6) | (s[i] & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
    return len;
}

// Find a PEP 263 coding declaration in the line [s, e); returns its length
// and sets *name, or 0.
static int find_coding(const char *s, const char *e, const char **name) {
    const char *p = s;
    while (p < e && (*p == ' ' || *p == '\t' || *p == '\f')) p++;
    if (p >= e || *p != '#') return 0;
    for (; p + 7 < e; p++) {
        if (memcmp(p, "coding", 6) == 0 && (p[6] == ':' || p[6] == '=')) {
            const char *q = p + 7;
            while (q < e && (*q == ' ' || *q == '\t')) q++;
            const char *st = q;
            while (q < e && ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') ||
                             (*q >= '0' && *q <= '9') || *q == '-' || *q == '_' || *q == '.'))
                q++;
            if (q == st) return 0;
            *name = st;
            return (int)(q - st);
        }
    }
    return 0;
}

// Normalised encoding name: lower case, '_' as '-'.
static void norm_encoding(const char *name, int n, char *out, int outsz) {
    int i;
    for (i = 0; i < n && i < outsz - 1; i++) {
        char c = name[i];
        if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
        if (c == '_') c = '-';
        out[i] = c;
    }
    out[i] = 0;
}

char *lex_prepare(const char *src, int64_t len, Str *filename, int64_t *out_len) {
    int latin1 = 0;
    if (len >= 3 && memcmp(src, "\xef\xbb\xbf", 3) == 0) {
        src += 3;
        len -= 3;
    }
    // Coding declaration on line 1, or on line 2 after a comment/blank line.
    {
        const char *e1 = memchr(src, '\n', (size_t)len);
        const char *l1e = e1 ? e1 : src + len;
        const char *name = NULL;
        int n = find_coding(src, l1e, &name);
        if (!n && e1) {
            const char *p = src;
            while (p < l1e && (*p == ' ' || *p == '\t' || *p == '\f' || *p == '\r')) p++;
            if (p == l1e || *p == '#') {
                const char *l2 = e1 + 1;
                const char *e2 = memchr(l2, '\n', (size_t)(src + len - l2));
                n = find_coding(l2, e2 ? e2 : src + len, &name);
            }
        }
        if (n) {
            char enc[32];
            norm_encoding(name, n, enc, sizeof enc);
            if (strncmp(enc, "utf-8", 5) == 0 || strcmp(enc, "utf8") == 0 ||
                strcmp(enc, "ascii") == 0 || strcmp(enc, "us-ascii") == 0) {
                // fine: UTF-8 (ASCII is checked as UTF-8, a superset)
            } else if (strcmp(enc, "latin-1") == 0 || strcmp(enc, "latin1") == 0 ||
                       strcmp(enc, "iso-8859-1") == 0 || strcmp(enc, "iso8859-1") == 0 ||
                       strcmp(enc, "l1") == 0 || strcmp(enc, "iso-latin-1") == 0) {
                latin1 = 1;
            } else {
                err_format(&SyntaxErrorType, "%S",
                           lex_format("source encoding '%s' is not supported by prickle", enc));
                return NULL;
            }
        }
    }
    // Worst case: every byte doubles (latin-1) plus the final newline.
    char *out = gc_alloc_atomic((size_t)len * 2 + 2);
    int64_t o = 0;
    int line = 1;
    for (int64_t i = 0; i < len;) {
        unsigned char c = (unsigned char)src[i];
        if (c == 0) {
            out[o] = 0;
            err_syntax(&SyntaxErrorType, filename, out, line, -1, line, -1,
                       "source code cannot contain null bytes");
            return NULL;
        }
        if (c == '\r') {
            out[o++] = '\n';
            i += (i + 1 < len && src[i + 1] == '\n') ? 2 : 1;
            line++;
            continue;
        }
        if (c == '\n') line++;
        if (c < 0x80) {
            out[o++] = (char)c;
            i++;
            continue;
        }
        if (latin1) {
            out[o++] = (char)(0xc0 | (c >> 6));
            out[o++] = (char)(0x80 | (c & 0x3f));
            i++;
            continue;
        }
        int n = utf8_valid_len((const unsigned char *)src + i, len - i);
        if (!n) {
            err_format(&SyntaxErrorType, "%S",
                       lex_format("Non-UTF-8 code starting with '\\x%02x' in file %s on line %d, "
                                  "but no encoding declared; see "
                                  "https://peps.python.org/pep-0263/ for details",
                                  c, filename ? filename->data : "<string>", line));
            return NULL;
        }
        memcpy(out + o, src + i, (size_t)n);
        o += n;
        i += n;
    }
    if (o == 0 || out[o - 1] != '\n') out[o++] = '\n';
    out[o] = 0;
    *out_len = o;
    return out;
}

// ---- the cursor ----------------------------------------------------------------------

static int nextc(Lexer *lx) {
    for (;;) {
        if (lx->cur != lx->inp) return (unsigned char)*lx->cur++;
        if (lx->inp >= lx->limit) return EOF_C;
        // Load the next line.
        const char *e = memchr(lx->inp, '\n', (size_t)(lx->limit - lx->inp));
        lx->line_start = lx->cur;
        lx->inp = e ? e + 1 : lx->limit;
        lx->lineno++;
    }
}

static void backup(Lexer *lx, int c) {
    if (c != EOF_C) lx->cur--;
}

// ---- errors --------------------------------------------------------------------------

static int lex_error(Lexer *lx, LexErrKind kind, Type *t, int line, int col, int end_line,
                     int end_col, const char *fmt, ...) __attribute__((format(printf, 8, 9)));
static int lex_error(Lexer *lx, LexErrKind kind, Type *t, int line, int col, int end_line,
                     int end_col, const char *fmt, ...) {
    if (lx->err.kind != LEXERR_NONE) return 0;
    va_list ap;
    va_start(ap, fmt);
    lx->err.msg = lex_vformat(fmt, ap);
    va_end(ap);
    lx->err.kind = kind;
    lx->err.type = t;
    lx->err.line = line;
    lx->err.col = col;
    lx->err.end_line = end_line;
    lx->err.end_col = end_col;
    return 0;
}

// A syntax error at the cursor, as CPython's tokenizer syntaxerror() reports.
#define SYNTAX_ERROR(lx, ...)                                                                      \
    lex_error(lx, LEXERR_HARD, &SyntaxErrorType, (lx)->lineno,                                     \
              (int)((lx)->cur - (lx)->line_start) - 1, (lx)->lineno,                               \
              (int)((lx)->cur - (lx)->line_start) - 1, __VA_ARGS__)

// Indentation errors detected at the start of a line (E_DEDENT, E_TABSPACE,
// E_TOODEEP): CPython moves the cursor to the end of the line.
static int indent_error(Lexer *lx, Type *t, const char *msg) {
    lx->cur = lx->inp;
    if (t == &IndentationErrorType && strncmp(msg, "unindent", 8) == 0) {
        // Reported at the cursor (clamped to the line length + 1).
        const char *e = lx->inp;
        if (e > lx->line_start && e[-1] == '\n') e--;
        int col = (int)(e - lx->line_start);
        return lex_error(lx, LEXERR_SOFT, t, lx->lineno, col, lx->lineno, -2, "%s", msg);
    }
    return lex_error(lx, LEXERR_SOFT, t, lx->lineno, 0, lx->lineno, -1, "%s", msg);
}

// ---- numbers -------------------------------------------------------------------------

static int decimal_tail(Lexer *lx) {
    int c;
    for (;;) {
        do c = nextc(lx);
        while (is_digit(c));
        if (c != '_') break;
        c = nextc(lx);
        if (!is_digit(c)) {
            backup(lx, c);
            SYNTAX_ERROR(lx, "invalid decimal literal");
            return 0;
        }
    }
    return c;
}

// Returns true if the rest of [test] follows (and then a non-identifier char).
static int lookahead(Lexer *lx, const char *test) {
    const char *s = test;
    int res = 0;
    for (;;) {
        int c = nextc(lx);
        if (*s == 0) {
            res = !is_potential_identifier_char(c);
        } else if (c == *s) {
            s++;
            continue;
        }
        backup(lx, c);
        while (s != test) {
            --s;
            lx->cur--;
        }
        return res;
    }
}

static int verify_end_of_number(Lexer *lx, int c, const char *kind) {
    // A number directly followed by a keyword that can follow it in valid
    // code (`1if x else y`) is accepted (CPython warns); any other identifier
    // character is an error.
    int r = 0;
    if (c == 'a')
        r = lookahead(lx, "nd");
    else if (c == 'e')
        r = lookahead(lx, "lse");
    else if (c == 'f')
        r = lookahead(lx, "or");
    else if (c == 'i') {
        int c2 = nextc(lx);
        if (c2 == 'f' || c2 == 'n' || c2 == 's') r = 1;
        backup(lx, c2);
    } else if (c == 'o')
        r = lookahead(lx, "r");
    else if (c == 'n')
        r = lookahead(lx, "ot");
    if (r) return 1;
    if (is_potential_identifier_char(c)) {
        backup(lx, c);
        SYNTAX_ERROR(lx, "invalid %s literal", kind);
        return 0;
    }
    return 1;
}

// Scan a number whose first character [c] was read. Returns the token kind.
static TokKind scan_number(Lexer *lx, int c, int after_dot) {
    if (after_dot) goto fraction;
    if (c == '0') {
        c = nextc(lx);
        if (c == 'x' || c == 'X') {
            c = nextc(lx);
            do {
                if (c == '_') c = nextc(lx);
                if (!is_xdigit(c)) {
                    backup(lx, c);
                    SYNTAX_ERROR(lx, "invalid hexadecimal literal");
                    return TK_ERRORTOKEN;
                }
                do c = nextc(lx);
                while (is_xdigit(c));
            } while (c == '_');
            if (!verify_end_of_number(lx, c, "hexadecimal")) return TK_ERRORTOKEN;
        } else if (c == 'o' || c == 'O') {
            c = nextc(lx);
            do {
                if (c == '_') c = nextc(lx);
                if (c < '0' || c >= '8') {
                    if (is_digit(c)) {
                        SYNTAX_ERROR(lx, "invalid digit '%c' in octal literal", c);
                    } else {
                        backup(lx, c);
                        SYNTAX_ERROR(lx, "invalid octal literal");
                    }
                    return TK_ERRORTOKEN;
                }
                do c = nextc(lx);
                while ('0' <= c && c < '8');
            } while (c == '_');
            if (is_digit(c)) {
                SYNTAX_ERROR(lx, "invalid digit '%c' in octal literal", c);
                return TK_ERRORTOKEN;
            }
            if (!verify_end_of_number(lx, c, "octal")) return TK_ERRORTOKEN;
        } else if (c == 'b' || c == 'B') {
            c = nextc(lx);
            do {
                if (c == '_') c = nextc(lx);
                if (c != '0' && c != '1') {
                    if (is_digit(c)) {
                        SYNTAX_ERROR(lx, "invalid digit '%c' in binary literal", c);
                    } else {
                        backup(lx, c);
                        SYNTAX_ERROR(lx, "invalid binary literal");
                    }
                    return TK_ERRORTOKEN;
                }
                do c = nextc(lx);
                while (c == '0' || c == '1');
            } while (c == '_');
            if (is_digit(c)) {
                SYNTAX_ERROR(lx, "invalid digit '%c' in binary literal", c);
                return TK_ERRORTOKEN;
            }
            if (!verify_end_of_number(lx, c, "binary")) return TK_ERRORTOKEN;
        } else {
            int nonzero = 0;
            // Maybe an old-style octal; in any case allow '0' as a literal.
            for (;;) {
                if (c == '_') {
                    c = nextc(lx);
                    if (!is_digit(c)) {
                        backup(lx, c);
                        SYNTAX_ERROR(lx, "invalid decimal literal");
                        return TK_ERRORTOKEN;
                    }
                }
                if (c != '0') break;
                c = nextc(lx);
            }
            const char *zeros_end = lx->cur;
            if (is_digit(c)) {
                nonzero = 1;
                c = decimal_tail(lx);
                if (c == 0) return TK_ERRORTOKEN;
            }
            if (c == '.') {
                c = nextc(lx);
                goto fraction;
            } else if (c == 'e' || c == 'E') {
                goto exponent;
            } else if (c == 'j' || c == 'J') {
                goto imaginary;
            } else if (nonzero) {
                backup(lx, c);
                lex_error(lx, LEXERR_HARD, &SyntaxErrorType, lx->lineno,
                          (int)(lx->start - lx->line_start), lx->lineno,
                          (int)(zeros_end - lx->line_start) - 1,
                          "leading zeros in decimal integer literals are not permitted; use an "
                          "0o prefix for octal integers");
                return TK_ERRORTOKEN;
            }
            if (!verify_end_of_number(lx, c, "decimal")) return TK_ERRORTOKEN;
        }
    } else {
        c = decimal_tail(lx);
        if (c == 0) return TK_ERRORTOKEN;
        if (c == '.') {
            c = nextc(lx);
        fraction:
            if (is_digit(c)) {
                c = decimal_tail(lx);
                if (c == 0) return TK_ERRORTOKEN;
            }
        }
        if (c == 'e' || c == 'E') {
            int e;
        exponent:
            e = c;
            c = nextc(lx);
            if (c == '+' || c == '-') {
                c = nextc(lx);
                if (!is_digit(c)) {
                    backup(lx, c);
                    SYNTAX_ERROR(lx, "invalid decimal literal");
                    return TK_ERRORTOKEN;
                }
            } else if (!is_digit(c)) {
                backup(lx, c);
                if (!verify_end_of_number(lx, e, "decimal")) return TK_ERRORTOKEN;
                backup(lx, e);
                return TK_NUMBER;
            }
            c = decimal_tail(lx);
            if (c == 0) return TK_ERRORTOKEN;
        }
        if (c == 'j' || c == 'J') {
        imaginary:
            c = nextc(lx);
            if (!verify_end_of_number(lx, c, "imaginary")) return TK_ERRORTOKEN;
        } else if (!verify_end_of_number(lx, c, "decimal")) {
            return TK_ERRORTOKEN;
        }
    }
    backup(lx, c);
    return TK_NUMBER;
}

// ---- identifiers -----------------------------------------------------------------------

// Check a non-ASCII identifier [lx->start, lx->cur).
static int verify_identifier(Lexer *lx) {
    const char *p = lx->start;
    while (p < lx->cur) {
        int n;
        uint32_t cp = utf8_decode(p, &n);
        int ok = lex_is_ident_char(cp) && !(p == lx->start && cp >= '0' && cp <= '9');
        if (!ok) {
            lx->cur = p + n;
            if (cp_nonprintable(cp))
                SYNTAX_ERROR(lx, "invalid non-printable character U+%04X", (unsigned)cp);
            else
                SYNTAX_ERROR(lx, "invalid character '%.*s' (U+%04X)", n, p, (unsigned)cp);
            return 0;
        }
        p += n;
    }
    return 1;
}

static TokKind keyword_kind(const char *s, int len) {
    for (int k = TK_KW_FIRST; k <= TK_KW_LAST; k++) {
        const char *t = TOKEN_TEXT[k];
        if ((int)strlen(t) == len && memcmp(t, s, (size_t)len) == 0) return (TokKind)k;
    }
    return TK_NAME;
}

// ---- operators ----------------------------------------------------------------------

static TokKind one_char(int c) {
    switch (c) {
    case '(': return TK_LPAR;
    case ')': return TK_RPAR;
    case '[': return TK_LSQB;
    case ']': return TK_RSQB;
    case '{': return TK_LBRACE;
    case '}': return TK_RBRACE;
    case ':': return TK_COLON;
    case ',': return TK_COMMA;
    case ';': return TK_SEMI;
    case '+': return TK_PLUS;
    case '-': return TK_MINUS;
    case '*': return TK_STAR;
    case '/': return TK_SLASH;
    case '|': return TK_VBAR;
    case '&': return TK_AMPER;
    case '<': return TK_LESS;
    case '>': return TK_GREATER;
    case '=': return TK_EQUAL;
    case '.': return TK_DOT;
    case '%': return TK_PERCENT;
    case '~': return TK_TILDE;
    case '^': return TK_CIRCUMFLEX;
    case '@': return TK_AT;
    default: return TK_OP;
    }
}

static TokKind two_chars(int c1, int c2) {
    switch (c1) {
    case '!': return c2 == '=' ? TK_NOTEQUAL : TK_OP;
    case '%': return c2 == '=' ? TK_PERCENTEQUAL : TK_OP;
    case '&': return c2 == '=' ? TK_AMPEREQUAL : TK_OP;
    case '*': return c2 == '*' ? TK_DOUBLESTAR : c2 == '=' ? TK_STAREQUAL : TK_OP;
    case '+': return c2 == '=' ? TK_PLUSEQUAL : TK_OP;
    case '-': return c2 == '=' ? TK_MINEQUAL : c2 == '>' ? TK_RARROW : TK_OP;
    case '/': return c2 == '/' ? TK_DOUBLESLASH : c2 == '=' ? TK_SLASHEQUAL : TK_OP;
    case ':': return c2 == '=' ? TK_COLONEQUAL : TK_OP;
    case '<':
        return c2 == '<'   ? TK_LEFTSHIFT
               : c2 == '=' ? TK_LESSEQUAL
               : c2 == '>' ? TK_NOTEQUAL // `<>`: rejected by the parser (Barry as FLUFL)
                           : TK_OP;
    case '=': return c2 == '=' ? TK_EQEQUAL : TK_OP;
    case '>': return c2 == '=' ? TK_GREATEREQUAL : c2 == '>' ? TK_RIGHTSHIFT : TK_OP;
    case '@': return c2 == '=' ? TK_ATEQUAL : TK_OP;
    case '^': return c2 == '=' ? TK_CIRCUMFLEXEQUAL : TK_OP;
    case '|': return c2 == '=' ? TK_VBAREQUAL : TK_OP;
    }
    return TK_OP;
}

static TokKind three_chars(int c1, int c2, int c3) {
    if (c3 != '=') return TK_OP;
    if (c1 == '*' && c2 == '*') return TK_DOUBLESTAREQUAL;
    if (c1 == '/' && c2 == '/') return TK_DOUBLESLASHEQUAL;
    if (c1 == '<' && c2 == '<') return TK_LEFTSHIFTEQUAL;
    if (c1 == '>' && c2 == '>') return TK_RIGHTSHIFTEQUAL;
    return TK_OP;
}

// ---- the tokenizer proper ----------------------------------------------------------

static TokKind tok_get(Lexer *lx, const char **p_start, const char **p_end) {
    int c;
    int blankline;
    *p_start = *p_end = NULL;
nextline:
    lx->start = NULL;
    blankline = 0;
    // Get indentation level.
    if (lx->atbol) {
        int col = 0, altcol = 0;
        lx->atbol = 0;
        for (;;) {
            c = nextc(lx);
            if (c == ' ') {
                col++;
                altcol++;
            } else if (c == '\t') {
                col = (col / TABSIZE + 1) * TABSIZE;
                altcol++;
            } else if (c == '\f') {
                col = altcol = 0;
            } else {
                break;
            }
        }
        backup(lx, c);
        if (c == '#' || c == '\n') blankline = 1;
        if (!blankline && lx->level == 0) {
            if (col == lx->indstack[lx->indent]) {
                if (altcol != lx->altindstack[lx->indent]) {
                    indent_error(lx, &TabErrorType,
                                 "inconsistent use of tabs and spaces in indentation");
                    return TK_ERRORTOKEN;
                }
            } else if (col > lx->indstack[lx->indent]) {
                if (lx->indent + 1 >= LEX_MAXINDENT) {
                    indent_error(lx, &IndentationErrorType, "too many levels of indentation");
                    return TK_ERRORTOKEN;
                }
                if (altcol <= lx->altindstack[lx->indent]) {
                    indent_error(lx, &TabErrorType,
                                 "inconsistent use of tabs and spaces in indentation");
                    return TK_ERRORTOKEN;
                }
                lx->pendin++;
                lx->indstack[++lx->indent] = col;
                lx->altindstack[lx->indent] = altcol;
            } else {
                while (lx->indent > 0 && col < lx->indstack[lx->indent]) {
                    lx->pendin--;
                    lx->indent--;
                }
                if (col != lx->indstack[lx->indent]) {
                    indent_error(lx, &IndentationErrorType,
                                 "unindent does not match any outer indentation level");
                    return TK_ERRORTOKEN;
                }
                if (altcol != lx->altindstack[lx->indent]) {
                    indent_error(lx, &TabErrorType,
                                 "inconsistent use of tabs and spaces in indentation");
                    return TK_ERRORTOKEN;
                }
            }
        }
    }

    lx->start = lx->cur;
    // Return pending indents/dedents.
    if (lx->pendin != 0) {
        if (lx->pendin < 0) {
            lx->pendin++;
            return TK_DEDENT;
        }
        lx->pendin--;
        return TK_INDENT;
    }

again:
    lx->start = NULL;
    do c = nextc(lx);
    while (c == ' ' || c == '\t' || c == '\f');
    lx->start = lx->cur - 1;

    if (c == '#') {
        while (c != EOF_C && c != '\n') c = nextc(lx);
    }

    if (c == EOF_C) {
        if (lx->level && !lx->sub) {
            int i = lx->level - 1;
            lx->err.bracket_line = lx->parenline[i];
            lex_error(lx, LEXERR_EOF_IN_BRACKET, &SyntaxErrorType, lx->parenline[i],
                      lx->parencol[i], lx->parenline[i], -1, "'%c' was never closed",
                      lx->parenstack[i]);
            return TK_ERRORTOKEN;
        }
        return TK_ENDMARKER;
    }

    // Identifier, keyword or string prefix.
    if (is_potential_identifier_start(c)) {
        int saw_b = 0, saw_r = 0, saw_u = 0, saw_f = 0;
        int nonascii = 0;
        for (;;) {
            if (!(saw_b || saw_u || saw_f) && (c == 'b' || c == 'B'))
                saw_b = 1;
            else if (!(saw_b || saw_u || saw_r || saw_f) && (c == 'u' || c == 'U'))
                saw_u = 1;
            else if (!(saw_r || saw_u) && (c == 'r' || c == 'R'))
                saw_r = 1;
            else if (!(saw_f || saw_b || saw_u) && (c == 'f' || c == 'F'))
                saw_f = 1;
            else
                break;
            c = nextc(lx);
            if (c == '"' || c == '\'') goto letter_quote;
        }
        while (is_potential_identifier_char(c)) {
            if (c >= 128) nonascii = 1;
            c = nextc(lx);
        }
        backup(lx, c);
        if (nonascii && !verify_identifier(lx)) return TK_ERRORTOKEN;
        *p_start = lx->start;
        *p_end = lx->cur;
        return keyword_kind(lx->start, (int)(lx->cur - lx->start));
    }

    if (c == '\n') {
        lx->atbol = 1;
        if (blankline || lx->level > 0) goto nextline;
        *p_start = lx->start;
        *p_end = lx->cur - 1; // leave '\n' out of the token
        return TK_NEWLINE;
    }

    // Period or number starting with a period?
    if (c == '.') {
        c = nextc(lx);
        if (is_digit(c)) {
            TokKind k = scan_number(lx, c, 1);
            if (k == TK_NUMBER) {
                *p_start = lx->start;
                *p_end = lx->cur;
            }
            return k;
        } else if (c == '.') {
            c = nextc(lx);
            if (c == '.') {
                *p_start = lx->start;
                *p_end = lx->cur;
                return TK_ELLIPSIS;
            }
            backup(lx, c);
            backup(lx, '.');
        } else {
            backup(lx, c);
        }
        *p_start = lx->start;
        *p_end = lx->cur;
        return TK_DOT;
    }

    if (is_digit(c)) {
        TokKind k = scan_number(lx, c, 0);
        if (k == TK_NUMBER) {
            *p_start = lx->start;
            *p_end = lx->cur;
        }
        return k;
    }

letter_quote:
    if (c == '\'' || c == '"') {
        int quote = c;
        int quote_size = 1;
        int end_quote_size = 0;
        lx->first_lineno = lx->lineno;
        lx->multi_line_start = lx->line_start;
        c = nextc(lx);
        if (c == quote) {
            c = nextc(lx);
            if (c == quote)
                quote_size = 3;
            else
                end_quote_size = 1; // empty string
        }
        if (c != quote) backup(lx, c);
        while (end_quote_size != quote_size) {
            c = nextc(lx);
            if (c == EOF_C || (quote_size == 1 && c == '\n')) {
                // Report from the start of the string.
                int detected = lx->lineno;
                lx->cur = lx->start + 1;
                lx->line_start = lx->multi_line_start;
                lx->lineno = lx->first_lineno;
                if (quote_size == 3)
                    SYNTAX_ERROR(lx,
                                 "unterminated triple-quoted string literal (detected at line %d)",
                                 detected);
                else
                    SYNTAX_ERROR(lx, "unterminated string literal (detected at line %d)",
                                 detected);
                return TK_ERRORTOKEN;
            }
            if (c == quote) {
                end_quote_size++;
            } else {
                end_quote_size = 0;
                if (c == '\\') nextc(lx); // skip the escaped character
            }
        }
        *p_start = lx->start;
        *p_end = lx->cur;
        return TK_STRING;
    }

    // Line continuation.
    if (c == '\\') {
        if ((c = nextc(lx)) != '\n') {
            lex_error(lx, LEXERR_SOFT, &SyntaxErrorType, lx->lineno,
                      (int)(lx->cur - lx->line_start) - 1, lx->lineno, -1,
                      "unexpected character after line continuation character");
            return TK_ERRORTOKEN;
        }
        c = nextc(lx);
        if (c == EOF_C) {
            lx->cur = lx->inp;
            if (lx->level && !lx->sub) {
                int i = lx->level - 1;
                lx->err.bracket_line = lx->parenline[i];
                lex_error(lx, LEXERR_EOF_IN_BRACKET, &SyntaxErrorType, lx->parenline[i],
                          lx->parencol[i], lx->parenline[i], -1, "'%c' was never closed",
                          lx->parenstack[i]);
            } else {
                lex_error(lx, LEXERR_SOFT, &SyntaxErrorType, lx->lineno,
                          (int)(lx->cur - lx->line_start) - 1, lx->lineno, -2,
                          "unexpected EOF while parsing");
            }
            return TK_ERRORTOKEN;
        }
        backup(lx, c);
        goto again;
    }

    // Two- and three-character operators.
    {
        int c2 = nextc(lx);
        TokKind k = two_chars(c, c2);
        if (k != TK_OP) {
            int c3 = nextc(lx);
            TokKind k3 = three_chars(c, c2, c3);
            if (k3 != TK_OP)
                k = k3;
            else
                backup(lx, c3);
            *p_start = lx->start;
            *p_end = lx->cur;
            if (k == TK_NOTEQUAL && c == '<') k = TK_OP;
            return k;
        }
        backup(lx, c2);
    }

    // Bracket nesting.
    switch (c) {
    case '(':
    case '[':
    case '{':
        if (lx->level >= LEX_MAXLEVEL) {
            SYNTAX_ERROR(lx, "too many nested parentheses");
            return TK_ERRORTOKEN;
        }
        lx->parenstack[lx->level] = (char)c;
        lx->parenline[lx->level] = lx->lineno;
        lx->parencol[lx->level] = (int)(lx->start - lx->line_start);
        lx->level++;
        break;
    case ')':
    case ']':
    case '}': {
        if (!lx->level || (lx->sub && lx->level == 1)) {
            SYNTAX_ERROR(lx, "unmatched '%c'", c);
            return TK_ERRORTOKEN;
        }
        lx->level--;
        int opening = lx->parenstack[lx->level];
        if (!((opening == '(' && c == ')') || (opening == '[' && c == ']') ||
              (opening == '{' && c == '}'))) {
            if (lx->parenline[lx->level] != lx->lineno)
                SYNTAX_ERROR(lx,
                             "closing parenthesis '%c' does not match opening parenthesis '%c' "
                             "on line %d",
                             c, opening, lx->parenline[lx->level]);
            else
                SYNTAX_ERROR(lx,
                             "closing parenthesis '%c' does not match opening parenthesis '%c'",
                             c, opening);
            return TK_ERRORTOKEN;
        }
        break;
    }
    }

    if (c < 0x20 || c == 0x7f) {
        SYNTAX_ERROR(lx, "invalid non-printable character U+%04X", (unsigned)c);
        return TK_ERRORTOKEN;
    }

    *p_start = lx->start;
    *p_end = lx->cur;
    return one_char(c);
}

static void push_token(Lexer *lx, TokKind kind, const char *start, const char *end) {
    if (lx->ntoks == lx->cap) {
        int cap = lx->cap ? lx->cap * 2 : 256;
        Token *t = gc_alloc(sizeof(Token) * (size_t)cap);
        if (lx->ntoks) memcpy(t, lx->toks, sizeof(Token) * (size_t)lx->ntoks);
        lx->toks = t;
        lx->cap = cap;
    }
    Token *t = &lx->toks[lx->ntoks++];
    t->kind = kind;
    const char *ls = kind == TK_STRING ? lx->multi_line_start : lx->line_start;
    t->line = kind == TK_STRING ? lx->first_lineno : lx->lineno;
    t->end_line = lx->lineno;
    t->col = (start && start >= ls) ? (int)(start - ls) : -1;
    t->end_col = (end && end >= lx->line_start) ? (int)(end - lx->line_start) : -1;
    t->curcol = (int)(lx->cur - lx->line_start);
    t->start = start;
    t->len = start && end ? (int)(end - start) : 0;
    t->level = lx->level;
}

static void run(Lexer *lx) {
    for (;;) {
        const char *s, *e;
        TokKind k = tok_get(lx, &s, &e);
        push_token(lx, k, s, e);
        if (k == TK_ENDMARKER || k == TK_ERRORTOKEN) break;
    }
}

void lex_module(Lexer *lx, const char *src, int64_t len, Str *filename) {
    memset(lx, 0, sizeof *lx);
    lx->src = src;
    lx->filename = filename;
    lx->limit = src + len;
    lx->cur = lx->inp = lx->line_start = src;
    lx->lineno = 0;
    lx->atbol = 1;
    run(lx);
}

void lex_fstring_expr(Lexer *lx, const char *src, const char *start, const char *end, int line,
                      const char *line_start, Str *filename) {
    memset(lx, 0, sizeof *lx);
    lx->src = src;
    lx->filename = filename;
    lx->limit = end;
    lx->cur = start;
    const char *e = memchr(start, '\n', (size_t)(end - start));
    lx->inp = e ? e + 1 : end;
    lx->line_start = line_start;
    lx->lineno = line;
    lx->sub = 1;
    lx->level = 1; // as inside the parentheses CPython wraps the expression in
    lx->parenstack[0] = '(';
    lx->parenline[0] = line;
    run(lx);
}
