// symtable.h — symbol tables: the scope (local, cell, free, global) of
// every name of every block (module, class body, function, lambda,
// comprehension) of a module, computed before code generation.
//
// Follows CPython's symtable.c: a first pass records how each block uses
// each name, a second pass (analysis) resolves free variables against the
// enclosing function blocks and turns captured locals into cells.
#ifndef PRICKLE_SYMTABLE_H
#define PRICKLE_SYMTABLE_H

#include "ast.h"

// An insertion-ordered set of names compared by content; a name's position
// is its insertion index.
typedef struct {
    Str **keys;
    int32_t len, cap;
    int32_t *slots; // open addressing: -1 empty, else a position
    int32_t nslots;
} SymMap;

// Initialise an empty map.
void symtable_map_init(SymMap *m);
// Position of [key] in [m], or -1.
int32_t symtable_map_find(const SymMap *m, Str *key);
// Position of [key], adding it at the end if absent.
int32_t symtable_map_add(SymMap *m, Str *key);

// How a block uses a name (Symbol.flags).
enum {
    DEF_GLOBAL = 1,      // `global name`
    DEF_LOCAL = 2,       // assigned in the block
    DEF_PARAM = 4,       // a parameter
    DEF_NONLOCAL = 8,    // `nonlocal name`
    DEF_USE = 16,        // read
    DEF_FREE_CLASS = 32, // class body: bound here and free in a method
    DEF_IMPORT = 64,     // bound by an import
    DEF_ANNOT = 128,     // annotated
    DEF_COMP_ITER = 256, // a comprehension's iteration variable
};
#define DEF_BOUND (DEF_LOCAL | DEF_PARAM | DEF_IMPORT)

// Where a name lives (Symbol.scope).
typedef enum {
    SC_NONE,            // not a symbol of the block
    SC_LOCAL,           // a local (function) or a namespace entry (class, module)
    SC_GLOBAL_EXPLICIT, // declared global
    SC_GLOBAL_IMPLICIT, // not bound anywhere enclosing: global or builtin
    SC_FREE,            // bound in an enclosing function: received through the closure
    SC_CELL,            // a local captured by a nested block
} SymScope;

typedef enum { BLOCK_MODULE, BLOCK_FUNCTION, BLOCK_CLASS } BlockKind;

// Comprehension kinds (SymBlock.comprehension).
typedef enum { COMP_NONE, COMP_LIST, COMP_SET, COMP_DICT, COMP_GENEXP } CompKind;

typedef struct {
    int flags; // DEF_*
    int scope; // SymScope
    // Location of the global/nonlocal directive or the first binding (errors).
    int line, col, end_line, end_col;
} Symbol;

typedef struct SymBlock SymBlock;
struct SymBlock {
    BlockKind kind;
    Node *node; // N_MODULE, N_FUNCDEF, N_LAMBDA, N_CLASSDEF or a comprehension
    Str *name;
    SymBlock *parent;
    SymBlock **children; // in source order
    int nchildren, capchildren;
    SymMap names; // symbol names, positions index syms
    Symbol *syms;
    int capsyms;
    Str **params; // parameter names in slot order
    int nparams, capparams;
    CompKind comprehension;
    bool generator;           // contains yield / yield from (or is a genexp)
    bool needs_class_closure; // class body: a method uses __class__ or super
    bool varargs, varkeywords;
    bool is_lambda;
    int comp_iter_target; // visiting a comprehension target
    int comp_iter_expr;   // visiting a comprehension's outermost iterable
};

// Build and analyse the symbol tables of module [mod]. Returns the module
// block, or NULL with a SyntaxError raised (located in [filename], with the
// source line from [src]).
SymBlock *symtable_build(Node *mod, Str *filename, const char *src);

// The child block of [b] created for [node] (NULL if none).
SymBlock *symtable_child(SymBlock *b, Node *node);

// The scope (SymScope) of [name] in [b]; SC_NONE if [b] never mentions it.
int symtable_scope(SymBlock *b, Str *name);

// The DEF_* flags of [name] in [b] (0 if absent).
int symtable_flags(SymBlock *b, Str *name);

// CPython's private name mangling: inside class [private], `__x` (not
// ending in `__`, no dots) becomes `_Class__x`. [private] may be NULL.
Str *symtable_mangle(Str *private_name, Str *name);

#endif
