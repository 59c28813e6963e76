// module.h — module objects, builtin modules and the import system.
#ifndef PRICKLE_MODULE_H
#define PRICKLE_MODULE_H

#include "object.h"
#include "type.h"

// A new module named [name] with an empty globals dict holding __name__.
Module *module_new(Str *name);

// Create and register a builtin module [name] whose functions are [funcs]
// (NULL-terminated; each registered as "<module>.<function>" for the frame
// format). Returns the module for adding constants with module_set.
Module *module_add_builtin(const char *name, const MethodDef *funcs);

// Set global [name] of module [m].
void module_set(Module *m, const char *name, Value v);

// Builtin module initialisers (each calls module_add_builtin).
void mod_math_init(void);
void mod_time_init(void);
void mod_sys_init(void);

#endif
