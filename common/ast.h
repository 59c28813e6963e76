// ast.h — the abstract syntax tree produced by the parser, read by the compiler.
//
// Mirrors Python's `ast` module closely enough that the compiler reads like
// CPython's: one Node struct with a kind and a union of per-kind fields.
// Every node carries its source span (1-based lines, 0-based UTF-8 byte
// columns, end exclusive) so that errors and tracebacks can point at it.
// Nodes are allocated on the GC heap and never freed explicitly.
#ifndef PRICKLE_AST_H
#define PRICKLE_AST_H

#include "object.h"

typedef struct Node Node;

// A growable array of nodes.
typedef struct {
    Node **items;
    int len, cap;
} NodeList;

// Append [n] to [l].
void ast_list_push(NodeList *l, Node *n);

typedef enum {
    // ---- module
    N_MODULE, // body

    // ---- statements
    N_FUNCDEF,    // funcdef: name, args, body, decorators, is_async(unsupported)
    N_CLASSDEF,   // classdef: name, bases, keywords, body, decorators
    N_RETURN,     // value (NULL: bare return)
    N_DELETE,     // targets
    N_ASSIGN,     // assign: targets (a = b = value), value
    N_AUGASSIGN,  // augassign: target, op (BinOp), value
    N_ANNASSIGN,  // annassign: target, annotation (unevaluated), value (may be NULL), simple
    N_FOR,        // loop: target, iter, body, orelse
    N_WHILE,      // loop: test, body, orelse
    N_IF,         // if_: test, body, orelse
    N_WITH,       // with: items (N_WITHITEM), body
    N_RAISE,      // raise: exc (may be NULL), cause (may be NULL)
    N_TRY,        // try_: body, handlers (N_EXCEPTHANDLER), orelse, finalbody
    N_ASSERT,     // assert_: test, msg (may be NULL)
    N_IMPORT,     // import: names (N_ALIAS)
    N_IMPORTFROM, // import: module (may be NULL for relative), names, level
    N_GLOBAL,     // names: names
    N_NONLOCAL,   // names: names
    N_EXPR,       // value
    N_PASS,
    N_BREAK,
    N_CONTINUE,

    // ---- expressions
    N_BOOLOP,         // boolop: is_or, values (>= 2)
    N_NAMEDEXPR,      // namedexpr: target (N_NAME), value
    N_BINOP,          // binop: left, op (BinOp), right
    N_UNARYOP,        // unaryop: op (UnOp), operand
    N_LAMBDA,         // lambda: args, body (an expression)
    N_IFEXP,          // ifexp: test, body, orelse
    N_DICT,           // dict: keys (NULL key: `**value` unpacking), values
    N_SET,            // elts
    N_LISTCOMP,       // comp: elt, generators (N_COMPREHENSION)
    N_SETCOMP,        // comp: elt, generators
    N_DICTCOMP,       // comp: key, elt (the value), generators
    N_GENEXP,         // comp: elt, generators
    N_YIELD,          // value (may be NULL)
    N_YIELDFROM,      // value
    N_AWAIT,          // value (rejected by the compiler as unsupported)
    N_COMPARE,        // compare: left, ops (CmpKind array), comparators
    N_CALL,           // call: func, args (N_STARRED for *x), keywords (N_KEYWORD)
    N_FORMATTEDVALUE, // fvalue: value, conversion (-1, 's', 'r', 'a'), format_spec (N_JOINEDSTR or
                      // NULL)
    N_JOINEDSTR,      // elts: N_CONSTANT str parts and N_FORMATTEDVALUE
    N_CONSTANT,       // constant: value (None, True, False, Ellipsis, int, float, str, bytes)
    N_ATTRIBUTE,      // attribute: value, attr, ctx
    N_SUBSCRIPT,      // subscript: value, slice, ctx
    N_STARRED,        // starred: value, ctx
    N_NAME,           // name: id, ctx
    N_LIST,           // elts, ctx
    N_TUPLE,          // elts, ctx
    N_SLICE,          // slice: lower, upper, step (each may be NULL)

    // ---- helpers
    N_COMPREHENSION, // comprehension: target, iter, ifs
    N_EXCEPTHANDLER, // handler: type (may be NULL), name (may be NULL), body
    N_ARGUMENTS,     // arguments: see below
    N_ARG,           // arg: name (annotation parsed, dropped)
    N_KEYWORD,       // keyword: arg (NULL for **kwargs), value
    N_ALIAS,         // alias: name (dotted), asname (may be NULL)
    N_WITHITEM,      // withitem: context_expr, optional_vars (may be NULL)
} NodeKind;

// Comparison operators of N_COMPARE (CmpOp values first, then the rest).
typedef enum {
    CK_LT = CMP_LT,
    CK_LE = CMP_LE,
    CK_EQ = CMP_EQ,
    CK_NE = CMP_NE,
    CK_GT = CMP_GT,
    CK_GE = CMP_GE,
    CK_IS,
    CK_ISNOT,
    CK_IN,
    CK_NOTIN,
} CmpKind;

// Expression context.
typedef enum { CTX_LOAD, CTX_STORE, CTX_DEL } ExprCtx;

struct Node {
    NodeKind kind;
    int line, col, end_line, end_col;
    union {
        struct {
            NodeList body;
        } module;
        struct {
            Str *name;
            Node *args; // N_ARGUMENTS
            NodeList body;
            NodeList decorators;
            Node *returns; // annotation, not evaluated (may be NULL)
        } funcdef;
        struct {
            Str *name;
            NodeList bases;
            NodeList keywords; // N_KEYWORD (metaclass=... is unsupported)
            NodeList body;
            NodeList decorators;
        } classdef;
        struct {
            Node *value;
        } value; // N_RETURN, N_EXPR, N_YIELD, N_YIELDFROM, N_AWAIT
        struct {
            NodeList targets;
        } del; // N_DELETE
        struct {
            NodeList targets;
            Node *value;
        } assign;
        struct {
            Node *target;
            BinOp op;
            Node *value;
        } augassign;
        struct {
            Node *target;
            Node *annotation;
            Node *value;
            int simple;
        } annassign;
        struct {
            Node *target; // N_FOR only
            Node *iter;   // N_FOR only
            Node *test;   // N_WHILE only
            NodeList body;
            NodeList orelse;
        } loop;
        struct {
            Node *test;
            NodeList body;
            NodeList orelse;
        } if_;
        struct {
            NodeList items;
            NodeList body;
        } with;
        struct {
            Node *exc;
            Node *cause;
        } raise;
        struct {
            NodeList body;
            NodeList handlers;
            NodeList orelse;
            NodeList finalbody;
        } try_;
        struct {
            Node *test;
            Node *msg;
        } assert_;
        struct {
            Str *module; // N_IMPORTFROM: dotted name or NULL
            NodeList names;
            int level; // N_IMPORTFROM: number of leading dots
        } import;
        struct {
            Str **names;
            int len;
        } names; // N_GLOBAL, N_NONLOCAL
        struct {
            int is_or;
            NodeList values;
        } boolop;
        struct {
            Node *target;
            Node *value;
        } namedexpr;
        struct {
            Node *left;
            BinOp op;
            Node *right;
        } binop;
        struct {
            UnOp op;
            Node *operand;
        } unaryop;
        struct {
            Node *args; // N_ARGUMENTS
            Node *body;
        } lambda;
        struct {
            Node *test;
            Node *body;
            Node *orelse;
        } ifexp;
        struct {
            NodeList keys;
            NodeList values;
        } dict;
        struct {
            NodeList elts;
            ExprCtx ctx;
        } seq; // N_SET, N_LIST, N_TUPLE, N_JOINEDSTR
        struct {
            Node *key; // N_DICTCOMP only
            Node *elt;
            NodeList generators;
        } comp;
        struct {
            Node *left;
            CmpKind *ops;
            NodeList comparators;
        } compare;
        struct {
            Node *func;
            NodeList args;
            NodeList keywords;
        } call;
        struct {
            Node *value;
            int conversion;
            Node *format_spec;
        } fvalue;
        struct {
            Value value;
        } constant;
        struct {
            Node *value;
            Str *attr;
            ExprCtx ctx;
        } attribute;
        struct {
            Node *value;
            Node *slice;
            ExprCtx ctx;
        } subscript;
        struct {
            Node *value;
            ExprCtx ctx;
        } starred;
        struct {
            Str *id;
            ExprCtx ctx;
        } name;
        struct {
            Node *lower, *upper, *step;
        } slice;
        struct {
            Node *target;
            Node *iter;
            NodeList ifs;
        } comprehension;
        struct {
            Node *type;
            Str *name;
            NodeList body;
        } handler;
        // def f(posonly, /, args, *vararg, kwonly, **kwarg)
        struct {
            NodeList posonlyargs; // N_ARG
            NodeList args;        // N_ARG
            Node *vararg;         // N_ARG or NULL
            NodeList kwonlyargs;  // N_ARG
            NodeList kw_defaults; // parallel to kwonlyargs; NULL entry: no default
            Node *kwarg;          // N_ARG or NULL
            NodeList defaults;    // defaults of the last len(defaults) of posonlyargs+args
        } arguments;
        struct {
            Str *name;
            Node *annotation; // not evaluated (may be NULL)
        } arg;
        struct {
            Str *arg; // NULL: **value
            Node *value;
        } keyword;
        struct {
            Str *name;
            Str *asname;
        } alias;
        struct {
            Node *context_expr;
            Node *optional_vars;
        } withitem;
    } u;
};

// Allocate a node of [kind] with the span of the token or node that starts it.
Node *ast_new(NodeKind kind, int line, int col);

// Print [n] to [out] as Python's ast.dump(n) does, plus a newline (debugging
// aid for the parser and the compiler).
void ast_dump(Node *n, FILE *out);

// Same; with [include_attributes] the source spans are printed as
// ast.dump(n, include_attributes=True) does.
void ast_dump_ex(Node *n, FILE *out, int include_attributes);

#endif
