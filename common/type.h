// type.h — type objects: readying builtin types, method tables, class
// creation, attribute lookup along the MRO, and the dunder cache.
#ifndef PRICKLE_TYPE_H
#define PRICKLE_TYPE_H

#include "object.h"

// Method flags.
enum {
    METH_CLASS = 1,  // receives the class as first argument (classmethod)
    METH_STATIC = 2, // receives no implicit first argument
};

// A method of a builtin type: fn receives self as args[0]. If `helper` is
// set the method runs as that helper (helper.h).
typedef struct {
    const char *name;
    NativeFn fn;
    int flags;
    const struct HelperDef *helper;
} MethodDef;

// Finish a statically defined builtin type: name, mro, dict. Called once at
// start-up for every builtin type, base types first.
void type_ready(Type *t);

// Add the NULL-terminated method table [defs] to [t]'s dict. Each method is
// registered by the name "<type>.<method>" for the frame format.
void type_add_methods(Type *t, const MethodDef *defs);

// Set attribute [name] of builtin type [t] to [v] (no dunder refresh).
void type_set_attr_cstr(Type *t, const char *name, Value v);

// The builtin type whose C name is [name] (every type passed to
// type_ready), or NULL.
Type *type_builtin_lookup(Str *name);

// Fill the class shell [t] (allocated by the caller) as type_new_class
// does; [qualname] may be NULL (then taken from ns["__qualname__"] or name).
bool type_init_class(Type *t, Str *name, Str *qualname, Tuple *bases, Dict *ns);

// Look [name] up along [t]'s MRO; VAL_NULL if absent (no error set).
Value type_lookup(Type *t, Str *name);

// Create a user class (the work of BUILD_CLASS after the body ran).
Type *type_new_class(Str *name, Tuple *bases, Dict *ns);

// Forget every cached MRO lookup (after any class dict changes).
void type_invalidate_cache(void);

// Recompute t->dunders (and those of subclasses) after t.__dict__ changed.
void type_refresh_dunders(Type *t);

// A new builtin function object named [name] (registered for the format).
Value builtin_new(const char *name, NativeFn fn);

// A new builtin function that runs as helper [def].
Value builtin_new_helper(const char *name, const struct HelperDef *def);

// The method descriptor of method [name] ("T.method") of type [owner],
// implemented by [fn] or [helper] (receiving self as args[0]): what
// type_add_methods stores in the type dict. Calling it through the class
// checks the receiver's type (CPython's TypeError otherwise); binding it
// to an instance gives the method itself. The method is registered as
// [name], the descriptor as "unbound:" [name].
Value builtin_new_method(Type *owner, const char *name, NativeFn fn,
                         const struct HelperDef *helper);

// Check positional/keyword argument counts for builtins; raise TypeError
// naming [fname] and return false when wrong.
bool args_check(const char *fname, int nargs, Tuple *kwnames, int min, int max);

#endif
