// str.h — the str type (immutable UTF-8), interning, and a string builder.
#ifndef PRICKLE_STR_H
#define PRICKLE_STR_H

#include "object.h"

// A new str holding a copy of [len] bytes of valid UTF-8 at [s].
Str *str_new(const char *s, int64_t len);

// A new str holding a copy of the NUL-terminated [s].
Str *str_from_cstr(const char *s);

// printf-style formatting into a new str (same escapes as err_format).
Str *str_printf(const char *fmt, ...);
Str *str_vprintf(const char *fmt, va_list ap);

// The interned str equal to [s] (identical pointers for equal interned strs).
Str *str_intern(Str *s);

// The interned str for the C string [s].
Str *str_intern_cstr(const char *s);

// The interned str of the [n] bytes at [s] (valid UTF-8): looked up before
// anything is allocated.
Str *str_intern_bytes(const char *s, size_t n);

// Hash of [s] (cached).
int64_t str_hash(Str *s);

// True if [a] and [b] hold the same text.
bool str_eq(Str *a, Str *b);

// True if [s] equals the C string [c].
bool str_eq_cstr(Str *s, const char *c);

// [a] + [b].
Str *str_concat(Str *a, Str *b);

// The repr of [s] with CPython's quoting and escapes.
Str *str_repr(Str *s);

// The one-character str for code point [cp] (cached for ASCII).
Str *str_from_codepoint(uint32_t cp);

// The empty string.
Str *str_empty(void);

// Register the methods of str (called once at start-up).
void str_init(void);

// A growable byte buffer for building strs.
typedef struct {
    char *data;
    int64_t len, cap;
} StrBuf;

void strbuf_init(StrBuf *b);
void strbuf_putc(StrBuf *b, char c);
void strbuf_puts(StrBuf *b, const char *s);
void strbuf_putn(StrBuf *b, const char *s, int64_t n);
void strbuf_putstr(StrBuf *b, Str *s);
void strbuf_printf(StrBuf *b, const char *fmt, ...);
// Append the UTF-8 encoding of [cp].
void strbuf_put_codepoint(StrBuf *b, uint32_t cp);
// Finish: a new str with the contents (the buffer may be reused after).
Str *strbuf_finish(StrBuf *b);

// ---- additions by the str/num helper (additive) ------------------------------

// sep.join(items) for [n] items that must all be strs (TypeError naming the
// first non-str item otherwise, as CPython).
Str *str_join_list(Str *sep, Value *items, int64_t n);

// str_iterator: [pos] is the byte offset of the next character; str is NULL
// once exhausted.
typedef struct {
    Obj obj;
    Str *str;
    int64_t pos;
} StrIter;

// The code point at code-point index [i] (0 <= i < nchars) of [s].
uint32_t str_char_at(Str *s, int64_t i);

// s[start:stop] in code points (0 <= start <= stop <= nchars).
Str *str_substr(Str *s, int64_t start, int64_t stop);

// fmt % args (printf-style formatting, strformat.c).
Value str_mod_format(Str *fmt, Value args);

// Format a builtin value (int, bool, float, str, others via str()) with a
// format spec, as format(v, spec) does for builtin types (strformat.c).
Str *format_value_spec(Value v, Str *spec);

#endif
