// compiler.h — the bytecode compiler: module AST (ast.h) to code objects
// (code.h), with CPython 3.11's scoping rules and instruction sequences.
//
// Sequences worth knowing when reading the VM (all as CPython 3.11 unless
// noted; see compiler.c for the full list):
//   call            PUSH_NULL f args.. CALL n  /  obj LOAD_METHOD m args.. CALL n
//   keywords        ... kwvalues.. LOAD_CONST ('k',..) CALL_KW n (n counts all args)
//   *args/**kw      PUSH_NULL f <tuple> [<dict>] CALL_EX 0|1 (the tuple is always a tuple)
//   decorators      PUSH_NULL dec ... <function> CALL 1 (innermost first)
//   class           PUSH_NULL dec.. MAKE_FUNCTION(body) LOAD_CONST 'Name' bases..
//                   BUILD_CLASS nbases CALL 1.. STORE name
//   comprehension   PUSH_NULL MAKE_FUNCTION(code) <outer iterable> GET_ITER CALL 1
//   super()         PUSH_NULL LOAD_GLOBAL super LOAD_DEREF __class__ <first arg> CALL 2
//   with, normal exit    PUSH_NULL SWAP 2 LOAD_CONST None x3 CALL 3 POP_TOP
//   import a.b as c IMPORT_NAME a.b (fromlist None) IMPORT_FROM b SWAP 2 POP_TOP ... STORE c
//   function docstring   consts[0] of every function-like code object (def,
//                        lambda, comprehension; not module or class body) is
//                        its docstring or None, as in CPython: MAKE_FUNCTION
//                        sets __doc__ from it when it is a str.
#ifndef PRICKLE_COMPILER_H
#define PRICKLE_COMPILER_H

#include "ast.h"
#include "code.h"

// Compile a module AST. Returns the module's code object (flags CO_MODULE),
// or NULL with an exception raised: SyntaxError for compile-time errors
// ('return' outside function, 'break' outside loop, bad global/nonlocal,
// features outside prickle's subset named as such), RecursionError for
// absurdly deep nesting. [filename] goes on every code object; [src] (may
// be NULL) supplies the source line quoted by SyntaxError.
Code *compile_module(Node *mod, Str *filename, const char *src);

#endif
