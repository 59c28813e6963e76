// object.h — the object model shared by every module and strategy.
//
// Every heap value starts with an Obj header holding its Type. Types are
// objects too (user classes are Types with TF_HEAPTYPE). A builtin type
// provides C slots; a user class resolves special methods through its
// cached `dunders` table (filled from the MRO when the class is created and
// refreshed when a class attribute is assigned).
//
// Conventions (as in CPython): a function returning Value returns VAL_NULL
// when it raised (the exception is pending, see err.h); a function returning
// int returns -1 when it raised. Iterators signal exhaustion by returning the
// sentinel ITER_DONE without raising.
//
// Slots of builtin types never call back into interpreted code. Anything
// that may need to run Python code (a user __eq__, __lt__, __repr__, ...)
// goes through the VM (opcodes) or through a helper (helper.h), so that the
// stackless driver never recurses on the C stack (DESIGN.md, decision 2).
#ifndef PRICKLE_OBJECT_H
#define PRICKLE_OBJECT_H

#include "value.h"

#include <gc.h>
#include <stdarg.h>
#include <stdio.h>

typedef struct Type Type;
typedef struct Str Str;
typedef struct Tuple Tuple;
typedef struct List List;
typedef struct Dict Dict;
typedef struct Code Code;
typedef struct Frame Frame;
typedef struct Helper Helper;

struct Obj {
    Type *type;
};

// ---- allocation -----------------------------------------------------------

// Allocate [size] bytes of GC memory that is scanned for pointers (zeroed).
#define gc_alloc(size) GC_MALLOC(size)
// Allocate [size] bytes of GC memory that holds no pointers (not zeroed).
#define gc_alloc_atomic(size) GC_MALLOC_ATOMIC(size)

// Allocate a zeroed object of [size] bytes and set its type to [t].
Obj *obj_alloc(Type *t, size_t size);

// Check a size that user input controls before allocating it: false with
// MemoryError raised if [nbytes] exceeds what the process can get (the
// machine's memory and swap, and RLIMIT_AS/RLIMIT_DATA), where CPython's
// malloc fails too. gc_alloc itself does not report failure.
bool gc_size_ok(uint64_t nbytes);

// ---- operator numbering (shared by compiler, VM and number slots) ----------

// Binary operators, in the order of the BINARY_OP argument. The inplace form
// of operator X is X + BINOP_INPLACE.
#define BINOP_LIST(X)                                                                              \
    X(ADD, "+", "__add__", "__radd__", "__iadd__")                                                 \
    X(SUB, "-", "__sub__", "__rsub__", "__isub__")                                                 \
    X(MUL, "*", "__mul__", "__rmul__", "__imul__")                                                 \
    X(TRUEDIV, "/", "__truediv__", "__rtruediv__", "__itruediv__")                                 \
    X(FLOORDIV, "//", "__floordiv__", "__rfloordiv__", "__ifloordiv__")                            \
    X(MOD, "%", "__mod__", "__rmod__", "__imod__")                                                 \
    X(POW, "**", "__pow__", "__rpow__", "__ipow__")                                                \
    X(LSHIFT, "<<", "__lshift__", "__rlshift__", "__ilshift__")                                    \
    X(RSHIFT, ">>", "__rshift__", "__rrshift__", "__irshift__")                                    \
    X(AND, "&", "__and__", "__rand__", "__iand__")                                                 \
    X(OR, "|", "__or__", "__ror__", "__ior__")                                                     \
    X(XOR, "^", "__xor__", "__rxor__", "__ixor__")                                                 \
    X(MATMUL, "@", "__matmul__", "__rmatmul__", "__imatmul__")

typedef enum {
#define X(name, sym, d, r, i) BINOP_##name,
    BINOP_LIST(X)
#undef X
        BINOP_COUNT
} BinOp;
#define BINOP_INPLACE 32

// Unary operators (UNARY_OP argument).
typedef enum { UNOP_NEG, UNOP_POS, UNOP_INVERT, UNOP_NOT } UnOp;

// Rich comparisons (COMPARE_OP argument), in CPython's order.
typedef enum { CMP_LT, CMP_LE, CMP_EQ, CMP_NE, CMP_GT, CMP_GE } CmpOp;

// ---- special methods of user classes ----------------------------------------

// Special methods the VM and helpers look up on user classes. The class
// keeps a cached pointer per entry (Type.dunders), VAL_NULL when absent.
#define DUNDER_LIST(X)                                                                             \
    X(INIT, "__init__")                                                                            \
    X(NEW, "__new__")                                                                              \
    X(REPR, "__repr__")                                                                            \
    X(STR, "__str__")                                                                              \
    X(FORMAT, "__format__")                                                                        \
    X(HASH, "__hash__")                                                                            \
    X(EQ, "__eq__")                                                                                \
    X(NE, "__ne__")                                                                                \
    X(LT, "__lt__")                                                                                \
    X(LE, "__le__")                                                                                \
    X(GT, "__gt__")                                                                                \
    X(GE, "__ge__")                                                                                \
    X(BOOL, "__bool__")                                                                            \
    X(LEN, "__len__")                                                                              \
    X(ITER, "__iter__")                                                                            \
    X(NEXT, "__next__")                                                                            \
    X(GETITEM, "__getitem__")                                                                      \
    X(SETITEM, "__setitem__")                                                                      \
    X(DELITEM, "__delitem__")                                                                      \
    X(CONTAINS, "__contains__")                                                                    \
    X(CALL, "__call__")                                                                            \
    X(GETATTR, "__getattr__")                                                                      \
    X(GETATTRIBUTE, "__getattribute__")                                                            \
    X(SETATTR, "__setattr__")                                                                      \
    X(DELATTR, "__delattr__")                                                                      \
    X(ENTER, "__enter__")                                                                          \
    X(EXIT, "__exit__")                                                                            \
    X(NEG, "__neg__")                                                                              \
    X(POS, "__pos__")                                                                              \
    X(INVERT, "__invert__")                                                                        \
    X(ABS, "__abs__")                                                                              \
    X(INT, "__int__")                                                                              \
    X(FLOAT, "__float__")                                                                          \
    X(INDEX, "__index__")                                                                          \
    X(GET, "__get__")                                                                              \
    X(SET, "__set__")                                                                              \
    X(DELETE, "__delete__")                                                                        \
    X(REVERSED, "__reversed__")                                                                    \
    X(ROUND, "__round__")

typedef enum {
#define X(name, str) DUNDER_##name,
    DUNDER_LIST(X)
#undef X
        DUNDER_COUNT
} DunderId;

// ---- types --------------------------------------------------------------------

// Type flags.
enum {
    TF_HEAPTYPE = 1 << 0,    // a class created by a `class` statement
    TF_BASETYPE = 1 << 1,    // may be subclassed
    TF_HAS_DICT = 1 << 2,    // instances carry a Dict* right after the header
    TF_EXCEPTION = 1 << 3,   // BaseException or a subclass
    TF_ABSTRACT = 1 << 4,    // cannot be instantiated directly
    TF_NATIVE_BASE = 1 << 5, // a builtin type user classes may subclass (layout starts as Instance)
};

typedef Value (*NativeFn)(Value *args, int nargs, Tuple *kwnames);

struct Type {
    Obj obj;
    const char *name;   // the C name for builtin types; user classes: qualname
    Str *name_str;      // __name__
    Str *qualname;      // __qualname__
    Str *module;        // __module__ (NULL for builtins)
    Type *base;         // the single base class (NULL for object)
    Tuple *mro;         // this type first, object last
    Dict *dict;         // attributes, methods, descriptors
    uint32_t flags;     // TF_*
    uint32_t inst_size; // size of an instance's C struct

    // C slots of builtin types. A NULL slot is "not supported". A user class
    // inherits the slots of its nearest builtin base; its special methods are
    // in `dunders`.

    // Create an instance (no __init__). Used by type calls.
    Value (*tp_new)(Type *t, Value *args, int nargs, Tuple *kwnames);
    Value (*tp_repr)(Value self);                    // returns a Str
    Value (*tp_str)(Value self);                     // returns a Str; NULL: use repr
    int64_t (*tp_hash)(Value self);                  // -1 on error
    Value (*tp_compare)(Value a, Value b, CmpOp op); // NotImplemented if unsupported
    Value (*tp_binop)(BinOp op, Value a, Value b);   // NotImplemented if unsupported
    Value (*tp_unop)(UnOp op, Value a);              // NULL slot: unsupported
    int (*tp_bool)(Value self);                      // 0/1, -1 on error
    int64_t (*tp_len)(Value self);                   // -1 on error
    Value (*tp_iter)(Value self);                    // a new iterator
    Value (*tp_next)(Value self);                    // next item or ITER_DONE
    Value (*tp_getitem)(Value self, Value key);
    int (*tp_setitem)(Value self, Value key, Value v); // v == VAL_NULL: delete
    int (*tp_contains)(Value self, Value item);        // 0/1, -1 on error
    Value (*tp_call)(Value self, Value *args, int nargs, Tuple *kwnames);
    Value (*tp_getattr)(Value self, Str *name);        // NULL slot: generic
    int (*tp_setattr)(Value self, Str *name, Value v); // v == VAL_NULL: delete
    // Descriptor protocol of builtin descriptor types (functions, property,
    // classmethod, staticmethod, builtin methods).
    Value (*tp_descr_get)(Value descr, Value instance, Type *owner);

    // Iterators whose tp_next may need to call back into Python code (map,
    // filter, enumerate over a generator, ...): tp_next returns
    // ITER_NEEDS_HELPER in that case, and the caller runs this helper with
    // the iterator as fields[0]; it returns the item or ITER_DONE.
    const struct HelperDef *next_helper;

    // Cached special methods of user classes (VAL_NULL when absent).
    Value dunders[DUNDER_COUNT];
};

// The type of [v] (small ints are `int`).
static inline Type *val_type(Value v);

// ---- core object layouts -----------------------------------------------------

// Arbitrary-width ints are not supported: int is 64-bit. Values outside
// [SMALL_MIN, SMALL_MAX] but inside int64 are boxed.
typedef struct {
    Obj obj;
    int64_t value;
} Int;

typedef struct {
    Obj obj;
    double value;
} Float;

// Strings are immutable UTF-8. `nchars` is the number of code points;
// `ascii` is true when every byte is < 0x80 (then nchars == len and indexing
// is O(1)).
struct Str {
    Obj obj;
    int64_t hash; // -1 until computed
    int64_t len;  // bytes, excluding the trailing NUL
    int64_t nchars;
    uint8_t ascii;
    uint8_t interned;
    char data[]; // NUL-terminated
};

typedef struct {
    Obj obj;
    int64_t hash;
    int64_t len;
    uint8_t data[];
} Bytes;

struct Tuple {
    Obj obj;
    int64_t len;
    Value items[];
};

struct List {
    Obj obj;
    int64_t len;
    int64_t cap;
    Value *items;
};

// Insertion-ordered dict: an index table into a dense entry array
// (the compact layout CPython uses).
typedef struct {
    int64_t hash;
    Value key; // VAL_NULL: deleted entry
    Value value;
} DictEntry;

struct Dict {
    Obj obj;
    int64_t used;     // live entries
    int64_t nentries; // entries in use, including deleted ones
    int64_t capacity; // size of entries
    int64_t nslots;   // size of index table (power of two)
    int64_t *index;   // -1 empty, -2 dummy, else entry number
    DictEntry *entries;
    int64_t version; // bumped on every mutation (iterator invalidation)
};

// set and frozenset share this layout (open addressing, CPython's probing so
// that iteration order of int sets matches CPython).
typedef struct {
    int64_t hash;
    Value key; // VAL_NULL: empty, SET_DUMMY: deleted
} SetEntry;

typedef struct {
    Obj obj;
    int64_t used;
    int64_t fill;
    int64_t mask;
    SetEntry *table;
    int64_t hash; // frozenset hash cache, -1 unknown
} Set;

typedef struct {
    Obj obj;
    int64_t start, stop, step, len;
} Range;

typedef struct {
    Obj obj;
    Value start, stop, step;
} Slice;

// A cell holds one closed-over variable. contents == VAL_NULL: unbound.
typedef struct {
    Obj obj;
    Value contents;
} Cell;

// A function defined in Python.
typedef struct {
    Obj obj;
    Code *code;
    Dict *globals;
    Tuple *defaults;  // NULL or positional defaults
    Dict *kwdefaults; // NULL or keyword-only defaults
    Tuple *closure;   // NULL or cells, one per code->freevars
    Str *name;
    Str *qualname;
    Dict *dict; // function attributes (NULL until first set)
    Value module;
    Value doc;
} Func;

// A function implemented in C. If `helper` is set, calling it starts that
// helper (see helper.h) instead of calling `fn`.
typedef struct {
    Obj obj;
    const char *name; // qualified registered name, e.g. "builtins.len"
    NativeFn fn;
    const struct HelperDef *helper;
    Value self;     // bound receiver, or VAL_NULL
    uint8_t method; // 1: a method descriptor living in a type dict
} Builtin;

typedef struct {
    Obj obj;
    Value func;
    Value self;
} BoundMethod;

// property / classmethod / staticmethod descriptors.
typedef struct {
    Obj obj;
    Value fget, fset, fdel, doc;
} Property;

typedef struct {
    Obj obj;
    Value func;
} ClassMethod, StaticMethod;

// An instance of a user class whose base is `object`.
typedef struct {
    Obj obj;
    Dict *dict;
} Instance;

// BaseException and subclasses. `dict` sits at the same offset as in
// Instance so that user subclasses get attributes.
typedef struct {
    Obj obj;
    Dict *dict;
    Tuple *args;
    Value traceback; // NULL or Traceback
    Value cause;     // __cause__
    Value context;   // __context__
    uint8_t suppress_context;
    Value value; // StopIteration.value
} Exc;

typedef struct Traceback {
    Obj obj;
    struct Traceback *next;
    Frame *frame;
    int32_t ip;   // instruction index that raised
    int32_t line; // its line
} Traceback;

typedef struct Module {
    Obj obj;
    Str *name;
    Dict *dict; // the module's globals
    // Builtin modules with computed attributes (stackless.current): called
    // for names missing from the dict; VAL_NULL without error if unknown.
    Value (*getattr_hook)(struct Module *m, Str *name);
} Module;

// ---- singletons and sentinels ----------------------------------------------

extern Obj NONE_OBJ, TRUE_OBJ, FALSE_OBJ, NOTIMPL_OBJ, ELLIPSIS_OBJ, ITER_DONE_OBJ,
    ITER_NEEDS_HELPER_OBJ;
#define VAL_NONE (&NONE_OBJ)
#define VAL_TRUE (&TRUE_OBJ)
#define VAL_FALSE (&FALSE_OBJ)
#define VAL_NOTIMPL (&NOTIMPL_OBJ)
#define VAL_ELLIPSIS (&ELLIPSIS_OBJ)
#define ITER_DONE (&ITER_DONE_OBJ)
#define ITER_NEEDS_HELPER (&ITER_NEEDS_HELPER_OBJ)
static inline Value val_bool(bool b) {
    return b ? VAL_TRUE : VAL_FALSE;
}

// ---- builtin types -------------------------------------------------------------

#define BUILTIN_TYPE_LIST(X)                                                                       \
    X(Type, "type")                                                                                \
    X(Object, "object")                                                                            \
    X(None, "NoneType")                                                                            \
    X(NotImpl, "NotImplementedType")                                                               \
    X(Ellipsis, "ellipsis")                                                                        \
    X(Bool, "bool")                                                                                \
    X(Int, "int")                                                                                  \
    X(Float, "float")                                                                              \
    X(Str, "str")                                                                                  \
    X(Bytes, "bytes")                                                                              \
    X(Tuple, "tuple")                                                                              \
    X(List, "list")                                                                                \
    X(Dict, "dict")                                                                                \
    X(Set, "set")                                                                                  \
    X(FrozenSet, "frozenset")                                                                      \
    X(Range, "range")                                                                              \
    X(Slice, "slice")                                                                              \
    X(Cell, "cell")                                                                                \
    X(Func, "function")                                                                            \
    X(Builtin, "builtin_function_or_method")                                                       \
    X(BoundMethod, "method")                                                                       \
    X(Property, "property")                                                                        \
    X(ClassMethod, "classmethod")                                                                  \
    X(StaticMethod, "staticmethod")                                                                \
    X(Code, "code")                                                                                \
    X(Frame, "frame")                                                                              \
    X(Traceback, "traceback")                                                                      \
    X(Module, "module")                                                                            \
    X(Generator, "generator")                                                                      \
    X(Helper, "helper")                                                                            \
    X(IterDone, "iter_done")

#define X(c, py) extern Type c##Type;
BUILTIN_TYPE_LIST(X)
#undef X

static inline Type *val_type(Value v) {
    return val_is_small(v) ? &IntType : v->type;
}

// True if [v]'s type is exactly [t].
static inline bool val_is(Value v, Type *t) {
    return val_type(v) == t;
}

// True if type [t] is [base] or a subclass of it.
bool type_is_subtype(Type *t, Type *base);

// True if [v] is an instance of [t] or of a subclass.
static inline bool val_isinstance(Value v, Type *t) {
    Type *vt = val_type(v);
    return vt == t || type_is_subtype(vt, t);
}

#endif
