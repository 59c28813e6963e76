// func.h — functions, bound methods, descriptors (property, classmethod,
// staticmethod), cells, modules as objects, and attribute lookup.
#ifndef PRICKLE_FUNC_H
#define PRICKLE_FUNC_H

#include "code.h"
#include "object.h"

// A new function for [code] in [globals] (defaults, closure set by caller).
Func *func_new(Code *code, Dict *globals);

// A bound method of [func] to [self].
Value method_new(Value func, Value self);

// A new empty cell.
Cell *cell_new(Value contents);

// The registered builtin named [name] ("builtins.len", "str.join"), or NULL.
Value builtin_lookup(const char *name);

// Interned name of special method [id].
Str *type_dunder_name(DunderId id);

// Intern the special-method names (start-up).
void type_init_dunders(void);

// Result of an attribute operation that may need to run Python code.
typedef enum {
    ATTR_FOUND,   // *out holds the attribute (get) / the store was done (set)
    ATTR_CALL,    // call *out with the nargs arguments in args; its result is the attribute
    ATTR_MISSING, // no such attribute; nothing raised
    ATTR_ERROR,   // an exception is pending
} AttrResult;

// Look up attribute [name] of [v] following Python's rules (data
// descriptors, instance dict, non-data descriptors, class attributes,
// __getattr__). Never runs Python code itself: when a property getter, a
// user __get__ or __getattr__ must run it answers ATTR_CALL.
AttrResult attr_get(Value v, Str *name, Value *out, Value args[3], int *nargs);

// Store (x != VAL_NULL) or delete (x == VAL_NULL) attribute [name] of [v].
// ATTR_CALL when a property setter, __set__ or __setattr__ must run (the
// call's result is discarded).
AttrResult attr_set(Value v, Str *name, Value x, Value *out, Value args[3], int *nargs);

// For LOAD_METHOD: if v.name is a plain function found on the type (and not
// shadowed by the instance dict), set *meth and return true.
bool attr_get_method(Value v, Str *name, Value *meth);

// Raise the AttributeError CPython raises for a missing attribute.
Value attr_error(Value v, Str *name);

#endif
