// test_parser_fuzz.c — robustness of the lexer and parser: parse thousands
// of random mutations of a few valid programs (byte flips, truncations,
// insertions of brackets, quotes, colons, indentation, deletions), random
// token soups and random bytes, plus pathological nesting. parse_module must
// always return: a tree with no exception pending, or NULL with a
// SyntaxError (or subclass) or RecursionError pending. A crash, hang or
// C-stack overflow fails the test.
#include "err.h"
#include "parser.h"
#include "str.h"
#include "vm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const SEEDS[] = {
    "import sys\nfrom os import path as p, sep\n\n@decorator(1, k=2)\n"
    "def f(a, b=1, /, c=2, *args, d, e=3, **kw) -> int:\n"
    "    \"\"\"doc\"\"\"\n    global g\n    x = [i * 2 for i in range(10) if i % 2]\n"
    "    y = {k: v for k, v in zip(a, b)}\n    z = {*a, *b}\n    w = (yield x)\n"
    "    yield from g()\n    return x if y else -z ** 2\n\n"
    "class C(Base, metaclass=M):\n    attr: int = 3\n    def m(self):\n"
    "        nonlocal q\n        self.x += 1; del self.y[1:2, ::3]\n"
    "        return lambda x, *y, z=1, **k: (x, y, z, k)\n",
    "try:\n    pass\nexcept (ValueError, TypeError) as e:\n    raise RuntimeError('x') from e\n"
    "except Exception:\n    raise\nelse:\n    x = 1\nfinally:\n    y = 2\n"
    "with open('f') as f, (a := b) as c:\n    pass\nwith (a as b, c as d,):\n    pass\n"
    "while not x and y or z:\n    break\nelse:\n    continue\n"
    "for i, (j, *k) in enumerate(items):\n    if i: pass\n    elif j: pass\n    else: pass\n"
    "assert x, 'message'\nprint(*args, sep='', **kw)\na = b = c = 1, 2\n"
    "a[1:2] = x[::2] = y\nx @= 3; x //= 4; x **= 5; x >>= 1; x <<= 2\n",
    "s = f'{x!r:>{width}} {y=} {z:{a}.{b}f} {{literal}}' 'plain'\nr = rb'\\x00'\n"
    "t = '''multi\nline''' \"\\u00e9\\x41\\101\"\nu = b'bytes' + b\"\\xff\"\n"
    "n = 0x_ff + 0o17 + 0b1010 + 1_000 + 1.5e-3 + .5 + 5. + 1e10\n"
    "c = a < b <= c != d is not e in f not in g\nd = ~a | b ^ c & d << 2 >> 1 + -e % f\n"
    "e = [*a, *b]; f = {**a, 'k': 1}; g = ...; h = None, True, False\n"
    "match = 1\nmatch(x)\nprint(f\"{'nested' + f'{1}'}\")\n",
};

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void) {
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static int rndn(int n) {
    return n > 0 ? (int)(rnd() % (uint64_t)n) : 0;
}

static const char *const SNIPPETS[] = {
    "(",          ")",
    "[",          "]",
    "{",          "}",
    "'",          "\"",
    "'''",        "\"\"\"",
    ":",          ",",
    "\n",         "    ",
    "\t",         "\\",
    "\\\n",       "#",
    "=",          ":=",
    "*",          "**",
    "f'{",        "}",
    "{x",         "!r",
    "lambda",     "if",
    "else",       "def ",
    "class ",     "async ",
    "await ",     "yield",
    "not",        "in",
    "is",         ".",
    "...",        "@",
    "->",         "0x",
    "1e",         "1j",
    "09",         "_",
    "\xc3\xa9",   "\xe2\x82\xac",
    "\x00",       "\r",
    "\f",         ";",
    "$",          "?",
    "match x:\n", "case",
    "except*",    "from . import",
    "import",     "b'",
    "rb'",        "\\N{",
    "\\x",
};

static const char *const TOKENS[] = {
    "x",     "y",      "1",          "2.5",     "'s'",   "f'{x}'", "(",      ")",      "[",
    "]",     "{",      "}",          ",",       ":",     ".",      "=",      "+",      "-",
    "*",     "**",     "/",          "//",      "%",     "@",      "<",      ">",      "==",
    "!=",    "and",    "or",         "not",     "in",    "is",     "if",     "else",   "for",
    "while", "def",    "class",      "return",  "yield", "lambda", "import", "from",   "as",
    "with",  "try",    "except",     "finally", "raise", "del",    "pass",   "global", ":=",
    "\n",    "\n    ", "\n        ", ";",       "*args", "**kw",   "None",   "True",   "...",
    "async", "await",
};

static int ncalls, nok, nerr;

static void check(const char *src, int64_t len) {
    ncalls++;
    Node *m = parse_module(src, len, str_from_cstr("fuzz.py"));
    if (m) {
        if (err_occurred()) {
            fprintf(stderr, "FAIL: tree returned with an exception pending\n");
            exit(1);
        }
        nok++;
        return;
    }
    if (!err_occurred()) {
        fprintf(stderr, "FAIL: NULL without an exception for:\n%.*s\n", (int)len, src);
        exit(1);
    }
    if (!err_matches(&SyntaxErrorType) && !err_matches(&RecursionErrorType)) {
        fprintf(stderr, "FAIL: unexpected exception type for:\n%.*s\n", (int)len, src);
        exit(1);
    }
    nerr++;
    err_clear();
}

// A random mutation of [seed] in [buf] (capacity [cap]); returns its length.
static int mutate(const char *seed, char *buf, int cap) {
    int len = (int)strlen(seed);
    memcpy(buf, seed, (size_t)len);
    int rounds = 1 + rndn(4);
    for (int r = 0; r < rounds; r++) {
        int pos = rndn(len + 1);
        switch (rndn(6)) {
        case 0: // byte flip
            if (len) buf[rndn(len)] ^= (char)(1 << rndn(8));
            break;
        case 1: // truncation
            len = pos;
            break;
        case 2: { // insertion of a snippet
            const char *s = SNIPPETS[rndn(sizeof SNIPPETS / sizeof *SNIPPETS)];
            int n = (int)strlen(s);
            if (len + n >= cap) break;
            memmove(buf + pos + n, buf + pos, (size_t)(len - pos));
            memcpy(buf + pos, s, (size_t)n);
            len += n;
            break;
        }
        case 3: { // deletion
            int n = rndn(8);
            if (pos + n > len) n = len - pos;
            memmove(buf + pos, buf + pos + n, (size_t)(len - pos - n));
            len -= n;
            break;
        }
        case 4: { // duplicate a chunk
            char chunk[40];
            int n = rndn(40);
            int from = rndn(len + 1);
            if (from + n > len) n = len - from;
            if (len + n >= cap) break;
            memcpy(chunk, buf + from, (size_t)n);
            memmove(buf + pos + n, buf + pos, (size_t)(len - pos));
            memcpy(buf + pos, chunk, (size_t)n);
            len += n;
            break;
        }
        default: // random byte
            if (len) buf[rndn(len)] = (char)rndn(256);
            break;
        }
    }
    return len;
}

static char *repeat(const char *prefix, const char *unit, int n, const char *suffix) {
    size_t pl = strlen(prefix), ul = strlen(unit), sl = strlen(suffix);
    char *s = malloc(pl + ul * (size_t)n + sl + 1);
    memcpy(s, prefix, pl);
    for (int i = 0; i < n; i++) memcpy(s + pl + ul * (size_t)i, unit, ul);
    memcpy(s + pl + ul * (size_t)n, suffix, sl + 1);
    return s;
}

static void check_str(char *s) {
    check(s, (int64_t)strlen(s));
    free(s);
}

int main(void) {
    vm_init(0, NULL);
    // PRICKLE_FUZZ_SCALE multiplies the number of random inputs and
    // PRICKLE_FUZZ_SEED picks another sequence (for long local runs).
    const char *env = getenv("PRICKLE_FUZZ_SCALE");
    int scale = env ? atoi(env) : 1;
    if (scale < 1) scale = 1;
    env = getenv("PRICKLE_FUZZ_SEED");
    if (env) rng_state ^= strtoull(env, NULL, 10) * 0x2545f4914f6cdd1dull;
    if (!rng_state) rng_state = 1;
    clock_t t0 = clock();
    static char buf[1 << 16];

    // The seeds themselves must parse.
    for (size_t i = 0; i < sizeof SEEDS / sizeof *SEEDS; i++) {
        if (!parse_module(SEEDS[i], (int64_t)strlen(SEEDS[i]), str_from_cstr("seed.py"))) {
            fprintf(stderr, "FAIL: seed %zu does not parse\n", i);
            exc_print(err_fetch(), stderr);
            return 1;
        }
    }

    // Pathological nesting and long chains.
    int sizes[] = {10, 150, 199, 200, 201, 1000, 2900, 3100, 20000, 100000};
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
        int n = sizes[i];
        check_str(repeat("x = ", "(", n, "1"));
        check_str(repeat("x = ", "[", n < 199 ? n : 199, ""));
        check_str(repeat("x = ", "-", n, "1"));
        check_str(repeat("x = ", "not ", n, "1"));
        check_str(repeat("x = ", "lambda: ", n, "1"));
        check_str(repeat("x = 1", " + 1", n, "\n"));
        check_str(repeat("x = a", ".b", n, "\n"));
        check_str(repeat("x = a", "[0]", n, "\n"));
        check_str(repeat("x = a", "(1)", n, "\n"));
        check_str(repeat("x = 2", " ** 2", n, "\n"));
        check_str(repeat("x = 1", " if 1 else 1", n, "\n"));
        check_str(repeat("x = ", "1 < ", n, "1\n"));
        check_str(repeat("", "if x:\n", n < 200 ? n : 200, "pass\n"));
        check_str(repeat("if x:\n    pass\n", "elif y:\n    pass\n", n, ""));
        check_str(repeat("x = ", "f'{", n < 5 ? n : 5, ""));
        check_str(repeat("", "@d\n", n, "def f(): pass\n"));
        check_str(repeat("x = ", "a, ", n, "b\n"));
    }

    // Mutations of the seeds.
    for (int i = 0; i < 20000 * scale; i++) {
        const char *seed = SEEDS[i % (sizeof SEEDS / sizeof *SEEDS)];
        int len = mutate(seed, buf, sizeof buf);
        check(buf, len);
    }

    // Token soups.
    for (int i = 0; i < 8000 * scale; i++) {
        int len = 0, n = 1 + rndn(40);
        for (int j = 0; j < n; j++) {
            const char *t = TOKENS[rndn(sizeof TOKENS / sizeof *TOKENS)];
            int tl = (int)strlen(t);
            memcpy(buf + len, t, (size_t)tl);
            len += tl;
            buf[len++] = ' ';
        }
        check(buf, len);
    }

    // Random bytes (mostly printable ASCII, sometimes anything).
    for (int i = 0; i < 5000 * scale; i++) {
        int len = rndn(200);
        int printable = rndn(4) != 0;
        for (int j = 0; j < len; j++)
            buf[j] =
                printable ? (char)(rndn(4) ? 32 + rndn(95) : "\n\t ("[rndn(4)]) : (char)rndn(256);
        check(buf, len);
    }

    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    printf("parser fuzz: %d inputs (%d parsed, %d errors) in %.2f s\n", ncalls, nok, nerr, secs);
    return 0;
}
