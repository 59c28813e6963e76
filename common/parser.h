// parser.h — the Python parser: source text to the AST of ast.h.
//
// A recursive-descent parser with precedence climbing for the Python 3.11
// grammar (the subset prickle runs, plus enough of the rest to report
// unsupported features by name). Error messages and positions follow
// CPython 3.11 for the common cases.
#ifndef PRICKLE_PARSER_H
#define PRICKLE_PARSER_H

#include "ast.h"

// Parse a whole module. Returns the N_MODULE node, or NULL with a
// SyntaxError (or IndentationError/TabError) raised through err_syntax()
// (err.h) that carries file, line, column and the source text. Features
// CPython accepts but prickle does not (async, match, except*, complex
// literals, ints beyond 64 bits, \N{...} escapes) raise a SyntaxError naming
// the feature. Nesting deeper than the compiler accepts raises RecursionError
// as CPython does; the AST returned is never deeper than about 3000 levels.
Node *parse_module(const char *src, int64_t len, Str *filename);

#endif
