// parser_str.c — literals: numbers, string and bytes literals with escapes,
// implicit concatenation, and f-strings (a port of CPython 3.11's
// Parser/string_parser.c: replacement fields are scanned here and their
// expressions parsed by a sub-parser over the same source text, with
// conversions, nested format specs and `{x=}`).
#include "bytes.h"
#include "err.h"
#include "num.h"
#include "parser_impl.h"
#include "str.h"

#include <stdlib.h>
#include <string.h>

// ---- numbers -------------------------------------------------------------------------

static int digit_value(int c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'z') return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
    return 99;
}

int pstr_int_literal(const char *s, int len, uint64_t *out) {
    int base = 10, i = 0;
    if (len >= 2 && s[0] == '0') {
        char c = (char)(s[1] | 0x20);
        if (c == 'x')
            base = 16, i = 2;
        else if (c == 'o')
            base = 8, i = 2;
        else if (c == 'b')
            base = 2, i = 2;
    }
    uint64_t v = 0;
    int ndigits = 0;
    for (; i < len; i++) {
        if (s[i] == '_') continue;
        int d = digit_value((unsigned char)s[i]);
        if (d >= base) return 0; // '.', 'e', 'j': not an int
        if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base) return 0;
        v = v * (uint64_t)base + (uint64_t)d;
        ndigits++;
    }
    if (!ndigits) return 0;
    *out = v;
    return 1;
}

Node *pstr_parse_number(Parser *p, Token *t, int start) {
    Node *n = parse_node(p, N_CONSTANT, start);
    parse_finish(p, n);
    const char *s = t->start;
    int len = t->len;
    char last = s[len - 1];
    if (last == 'j' || last == 'J')
        parse_fail_known(p, t, "complex numbers are not supported by prickle");
    int is_prefixed = len >= 2 && s[0] == '0' && strchr("xXoObB", s[1]);
    if (!is_prefixed && (memchr(s, '.', len) || memchr(s, 'e', len) || memchr(s, 'E', len))) {
        char *buf = gc_alloc_atomic((size_t)len + 1);
        int j = 0;
        for (int i = 0; i < len; i++)
            if (s[i] != '_') buf[j++] = s[i];
        buf[j] = 0;
        n->u.constant.value = float_new(strtod(buf, NULL));
        return n;
    }
    uint64_t v;
    if (!pstr_int_literal(s, len, &v) || v > (uint64_t)INT64_MAX)
        parse_fail_known(
            p, t, "integer literal too large: ints beyond 64 bits are not supported by prickle");
    n->u.constant.value = int_from_i64((int64_t)v);
    return n;
}

// ---- escapes ---------------------------------------------------------------------------

static int utf8_len(unsigned char c) {
    return c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
}

static int hexval(int c) {
    int d = digit_value(c);
    return d < 16 ? d : -1;
}

// Decode the escapes of str literal text [s, end) into [b]. Error positions
// are those of CPython, which first rewrites each non-ASCII character as a
// 10-byte \U escape.
static void decode_escapes(Parser *p, StrBuf *b, const char *s, const char *end) {
    int64_t vpos = 0;
    while (s < end) {
        unsigned char c = (unsigned char)*s;
        if (c != '\\') {
            int n = utf8_len(c);
            if (n > end - s) n = (int)(end - s);
            strbuf_putn(b, s, n);
            s += n;
            vpos += c < 0x80 ? 1 : 10;
            continue;
        }
        int64_t epos = vpos;
        s++;
        vpos++;
        if (s >= end || (unsigned char)*s >= 0x80) {
            strbuf_putc(b, '\\');
            vpos += 5;
            continue;
        }
        c = (unsigned char)*s++;
        vpos++;
        int ndig = 0;
        const char *what = NULL;
        switch (c) {
        case '\n': break;
        case '\\':
        case '\'':
        case '"': strbuf_putc(b, (char)c); break;
        case 'a': strbuf_putc(b, '\a'); break;
        case 'b': strbuf_putc(b, '\b'); break;
        case 'f': strbuf_putc(b, '\f'); break;
        case 'n': strbuf_putc(b, '\n'); break;
        case 'r': strbuf_putc(b, '\r'); break;
        case 't': strbuf_putc(b, '\t'); break;
        case 'v': strbuf_putc(b, '\v'); break;
        case '0':
        case '1':
        case '2':
        case '3':
        case '4':
        case '5':
        case '6':
        case '7': {
            uint32_t v = c - '0';
            for (int i = 0; i < 2 && s < end && *s >= '0' && *s <= '7'; i++, s++, vpos++)
                v = v * 8 + (uint32_t)(*s - '0');
            strbuf_put_codepoint(b, v);
            break;
        }
        case 'x': ndig = 2, what = "truncated \\xXX escape"; break;
        case 'u': ndig = 4, what = "truncated \\uXXXX escape"; break;
        case 'U': ndig = 8, what = "truncated \\UXXXXXXXX escape"; break;
        case 'N': parse_fail_last(p, "\\N{...} escapes are not supported by prickle");
        default:
            strbuf_putc(b, '\\');
            strbuf_putc(b, (char)c);
            break;
        }
        if (!ndig) continue;
        uint32_t v = 0;
        int got = 0;
        while (got < ndig && s < end && hexval((unsigned char)*s) >= 0) {
            v = v * 16 + (uint32_t)hexval((unsigned char)*s);
            s++, vpos++, got++;
        }
        if (got < ndig)
            parse_fail_last(p,
                            "(unicode error) 'unicodeescape' codec can't decode bytes in position "
                            "%lld-%lld: %s",
                            (long long)epos, (long long)vpos - 1, what);
        if (v > 0x10ffff)
            parse_fail_last(p,
                            "(unicode error) 'unicodeescape' codec can't decode bytes in position "
                            "%lld-%lld: illegal Unicode character",
                            (long long)epos, (long long)vpos - 1);
        strbuf_put_codepoint(b, v);
    }
}

// Decode a bytes literal body [s, end) into [b].
static void decode_bytes(Parser *p, StrBuf *b, const char *s, const char *end, int raw) {
    const char *body = s;
    if (raw) {
        strbuf_putn(b, s, end - s);
        return;
    }
    while (s < end) {
        char c = *s++;
        if (c != '\\' || s >= end) {
            strbuf_putc(b, c);
            continue;
        }
        c = *s++;
        switch (c) {
        case '\n': break;
        case '\\':
        case '\'':
        case '"': strbuf_putc(b, c); break;
        case 'a': strbuf_putc(b, '\a'); break;
        case 'b': strbuf_putc(b, '\b'); break;
        case 'f': strbuf_putc(b, '\f'); break;
        case 'n': strbuf_putc(b, '\n'); break;
        case 'r': strbuf_putc(b, '\r'); break;
        case 't': strbuf_putc(b, '\t'); break;
        case 'v': strbuf_putc(b, '\v'); break;
        case 'x':
            if (end - s >= 2 && hexval((unsigned char)s[0]) >= 0 &&
                hexval((unsigned char)s[1]) >= 0) {
                strbuf_putc(b,
                            (char)(hexval((unsigned char)s[0]) * 16 + hexval((unsigned char)s[1])));
                s += 2;
                break;
            }
            parse_fail_last(p, "(value error) invalid \\x escape at position %lld",
                            (long long)(s - 2 - body));
        default:
            if (c >= '0' && c <= '7') {
                int v = c - '0';
                for (int i = 0; i < 2 && s < end && *s >= '0' && *s <= '7'; i++, s++)
                    v = v * 8 + (*s - '0');
                strbuf_putc(b, (char)(v & 0xff));
            } else {
                strbuf_putc(b, '\\');
                strbuf_putc(b, c);
            }
        }
    }
}

// ---- string tokens -----------------------------------------------------------------------

typedef struct {
    int raw, bytes, fstr;
    const char *body, *end; // the text between the quotes
} StrTok;

static void split_token(Token *t, StrTok *st) {
    const char *s = t->start;
    memset(st, 0, sizeof *st);
    for (; *s != '\'' && *s != '"'; s++) {
        char c = (char)(*s | 0x20);
        if (c == 'r')
            st->raw = 1;
        else if (c == 'b')
            st->bytes = 1;
        else if (c == 'f')
            st->fstr = 1;
    }
    const char *e = t->start + t->len;
    int q = (e - s >= 6 && s[1] == s[0] && s[2] == s[0]) ? 3 : 1;
    st->body = s + q;
    st->end = e - q;
}

// ---- f-strings -----------------------------------------------------------------------------

typedef struct {
    StrBuf last;     // literal text not yet turned into a Constant
    NodeList values; // the JoinedStr's parts
    Node *span;      // carries the span of the whole concatenation
} FState;

static Node *spanned(NodeKind kind, Node *span) {
    Node *n = ast_new(kind, span->line, span->col);
    parse_span_end(n, span);
    return n;
}

// Turn the pending literal into a Constant with the span of [span].
static void flush_literal(FState *st, Node *span) {
    if (!st->last.len) return;
    Node *c = spanned(N_CONSTANT, span);
    c->u.constant.value = (Value)strbuf_finish(&st->last);
    ast_list_push(&st->values, c);
}

// Append the literal text [s, end) (escapes decoded unless [raw]).
static void add_literal(Parser *p, FState *st, const char *s, const char *end, int raw) {
    if (raw)
        strbuf_putn(&st->last, s, end - s);
    else
        decode_escapes(p, &st->last, s, end);
}

// Scan literal text up to a '{' or '}' (CPython's fstring_find_literal).
// Returns 1 if it stopped after a doubled brace.
static int find_literal(Parser *p, FState *st, const char **str, const char *end, int raw,
                        int lvl) {
    const char *s = *str, *start = s;
    int result = 0;
    while (s < end) {
        char ch = *s++;
        if (!raw && ch == '\\' && s < end) {
            ch = *s++;
            if (ch == 'N') {
                if (s < end && *s++ == '{')
                    while (s < end && *s++ != '}') {
                    }
                continue;
            }
        }
        if (ch == '{' || ch == '}') {
            if (lvl == 0) {
                if (s < end && *s == ch) {
                    *str = s + 1;
                    add_literal(p, st, start, s, raw);
                    return 1;
                }
                if (ch == '}') {
                    *str = s - 1;
                    parse_fail_last(p, "f-string: single '}' is not allowed");
                }
            }
            s--;
            break;
        }
    }
    *str = s;
    if (s != start) add_literal(p, st, start, s, raw);
    return result;
}

// Parse the replacement-field expression [start, end) of string token [t]
// with a sub-parser (CPython's fstring_compile_expr).
static Node *compile_expr(Parser *p, const char *start, const char *end, Token *t) {
    const char *s = start;
    while (s < end && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\f')) s++;
    if (s == end) {
        if (*end == '!' || *end == ':' || *end == '=')
            parse_fail_last(p, "f-string: expression required before '%c'", *end);
        parse_fail_last(p, "f-string: empty expression not allowed");
    }
    int line = t->line;
    const char *ls = t->start - t->col;
    for (const char *q = t->start; q < start; q++)
        if (*q == '\n') line++, ls = q + 1;
    const char *ls_end = ls;
    for (const char *q = start; q < end; q++)
        if (*q == '\n') ls_end = q + 1;
    Lexer *lx = gc_alloc(sizeof(Lexer));
    lex_fstring_expr(lx, p->src, start, end, line, ls, p->filename);
    Parser *sp = gc_alloc(sizeof(Parser));
    sp->toks = lx->toks;
    sp->ntoks = lx->ntoks;
    sp->lx = lx;
    sp->src = p->src;
    sp->filename = p->filename;
    sp->root = p->root;
    sp->parent = p;
    sp->ftext = start;
    sp->ftext_len = (int)(end - start);
    sp->fline = line;
    sp->fcol = (int)(start - 1 - ls);
    sp->fend_col = (int)(end - ls_end);
    return parse_paren_contents(sp, 0, TK_ENDMARKER);
}

static Node *fstring_parse(Parser *p, const char **str, const char *end, int raw, int lvl, Token *t,
                           Node *span);

// Scan a replacement field at '{' (CPython's fstring_find_expr); appends
// the `{x=}` text to the pending literal and returns the FormattedValue.
static Node *find_expr(Parser *p, FState *st, const char **str, const char *end, int raw, int lvl,
                       Token *t) {
    if (lvl >= 2) parse_fail_last(p, "f-string: expressions nested too deeply");
    *str += 1;
    const char *expr_start = *str;
    char quote = 0;
    int string_type = 0, depth = 0;
    char parens[LEX_MAXLEVEL];
    for (; *str < end; (*str)++) {
        char ch = **str;
        if (ch == '\\') parse_fail_last(p, "f-string expression part cannot include a backslash");
        if (quote) {
            if (ch == quote) {
                if (string_type == 3) {
                    if (*str + 2 < end && (*str)[1] == ch && (*str)[2] == ch) {
                        *str += 2;
                        string_type = 0;
                        quote = 0;
                    }
                } else {
                    string_type = 0;
                    quote = 0;
                }
            }
            continue;
        }
        if (ch == '\'' || ch == '"') {
            if (*str + 2 < end && (*str)[1] == ch && (*str)[2] == ch) {
                string_type = 3;
                *str += 2;
            } else {
                string_type = 1;
            }
            quote = ch;
        } else if (ch == '[' || ch == '{' || ch == '(') {
            if (depth >= LEX_MAXLEVEL) parse_fail_last(p, "f-string: too many nested parenthesis");
            parens[depth++] = ch;
        } else if (ch == '#') {
            parse_fail_last(p, "f-string expression part cannot include '#'");
        } else if (depth == 0 &&
                   (ch == '!' || ch == ':' || ch == '}' || ch == '=' || ch == '>' || ch == '<')) {
            if (*str + 1 < end) {
                char next = (*str)[1];
                if ((ch == '!' || ch == '=' || ch == '<' || ch == '>') && next == '=') {
                    *str += 1;
                    continue;
                }
            }
            if (ch == '>' || ch == '<') continue;
            break;
        } else if (ch == ']' || ch == '}' || ch == ')') {
            if (!depth) parse_fail_last(p, "f-string: unmatched '%c'", ch);
            char open = parens[--depth];
            if (!((open == '(' && ch == ')') || (open == '[' && ch == ']') ||
                  (open == '{' && ch == '}')))
                parse_fail_last(p,
                                "f-string: closing parenthesis '%c' does not match opening "
                                "parenthesis '%c'",
                                ch, open);
        }
    }
    const char *expr_end = *str;
    if (quote) parse_fail_last(p, "f-string: unterminated string");
    if (depth) parse_fail_last(p, "f-string: unmatched '%c'", parens[depth - 1]);
    if (*str >= end) parse_fail_last(p, "f-string: expecting '}'");

    Node *fv = spanned(N_FORMATTEDVALUE, st->span);
    fv->u.fvalue.value = compile_expr(p, expr_start, expr_end, t);
    fv->u.fvalue.conversion = -1;
    int debug = 0;
    if (**str == '=') {
        *str += 1;
        while (*str < end && (**str == ' ' || **str == '\t' || **str == '\n' || **str == '\f' ||
                              **str == '\r' || **str == '\v'))
            *str += 1;
        if (*str >= end) parse_fail_last(p, "f-string: expecting '}'");
        strbuf_putn(&st->last, expr_start, *str - expr_start);
        debug = 1;
    }
    if (**str == '!') {
        *str += 1;
        if (*str >= end) parse_fail_last(p, "f-string: expecting '}'");
        char conv = **str;
        *str += 1;
        if (conv != 's' && conv != 'r' && conv != 'a')
            parse_fail_last(p, "f-string: invalid conversion character: expected 's', 'r', or 'a'");
        fv->u.fvalue.conversion = conv;
    }
    if (*str < end && **str == ':') {
        *str += 1;
        if (*str >= end) parse_fail_last(p, "f-string: expecting '}'");
        fv->u.fvalue.format_spec = fstring_parse(p, str, end, raw, lvl + 1, t, st->span);
    }
    if (*str >= end || **str != '}') parse_fail_last(p, "f-string: expecting '}'");
    *str += 1;
    if (debug && !fv->u.fvalue.format_spec && fv->u.fvalue.conversion == -1)
        fv->u.fvalue.conversion = 'r';
    return fv;
}

// Parse f-string text into [st] (CPython's FstringParser_ConcatFstring).
static void fstring_concat(Parser *p, FState *st, const char **str, const char *end, int raw,
                           int lvl, Token *t) {
    for (;;) {
        if (find_literal(p, st, str, end, raw, lvl)) continue;
        if (*str >= end || **str == '}') break;
        Node *fv = find_expr(p, st, str, end, raw, lvl, t);
        flush_literal(st, st->span);
        ast_list_push(&st->values, fv);
    }
    if (lvl != 0 && (*str >= end || **str != '}')) parse_fail_last(p, "f-string: expecting '}'");
}

// A format spec: a JoinedStr spanning token [t].
static Node *fstring_parse(Parser *p, const char **str, const char *end, int raw, int lvl, Token *t,
                           Node *span) {
    FState st;
    memset(&st, 0, sizeof st);
    strbuf_init(&st.last);
    st.span = span;
    fstring_concat(p, &st, str, end, raw, lvl, t);
    Node *j = ast_new(N_JOINEDSTR, t->line, t->col);
    j->end_line = t->end_line;
    j->end_col = t->end_col;
    flush_literal(&st, j); // CPython ends a format spec with the token's span

    j->u.seq.elts = st.values;
    return j;
}

Node *pstr_parse_strings(Parser *p, int first, int last) {
    Node *span = parse_node(p, N_CONSTANT, first);
    span->end_line = p->toks[last - 1].end_line;
    span->end_col = p->toks[last - 1].end_col;
    int bytesmode = -1, fmode = 0;
    FState st;
    memset(&st, 0, sizeof st);
    strbuf_init(&st.last);
    st.span = span;
    for (int i = first; i < last; i++) {
        Token *t = &p->toks[i];
        StrTok s;
        split_token(t, &s);
        if (bytesmode < 0)
            bytesmode = s.bytes;
        else if (bytesmode != s.bytes)
            parse_fail_last(p, "cannot mix bytes and nonbytes literals");
        if (s.bytes) {
            for (const char *q = s.body; q < s.end; q++)
                if ((unsigned char)*q >= 0x80)
                    parse_fail_known(p, t, "bytes can only contain ASCII literal characters");
            decode_bytes(p, &st.last, s.body, s.end, s.raw);
        } else if (s.fstr) {
            fmode = 1;
            const char *str = s.body;
            fstring_concat(p, &st, &str, s.end, s.raw, 0, t);
        } else {
            add_literal(p, &st, s.body, s.end, s.raw);
        }
    }
    if (bytesmode == 1) {
        span->u.constant.value = bytes_from_raw((const uint8_t *)st.last.data, st.last.len);
        return span;
    }
    if (!fmode) {
        span->u.constant.value = (Value)strbuf_finish(&st.last);
        return span;
    }
    flush_literal(&st, span);
    Node *j = spanned(N_JOINEDSTR, span);
    j->u.seq.elts = st.values;
    return j;
}
