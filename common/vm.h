// vm.h — the interpreter state and the entry points shared by all drivers.
//
// There is one interpreter per process (single-threaded, like CPython with
// the GIL held); its state lives in the global `vm`.
#ifndef PRICKLE_VM_H
#define PRICKLE_VM_H

#include "frame.h"
#include "helper.h"
#include "object.h"

typedef struct {
    Value exc;      // pending exception (VAL_NULL: none)
    Value exc_info; // the exception currently being handled (sys.exc_info()), or VAL_NONE
    Value top;      // stackless driver: the top record of the running chain
    int64_t depth;  // Python call depth (checked against recursion_limit)
    int64_t recursion_limit;
    int64_t nesting; // nested interpreter runs on the C stack (vm_call_nested)
    Value nested_fn; // what the innermost nested run calls (for error messages)
    Dict *builtins;  // the builtins module's dict
    Dict *modules;   // sys.modules
    List *path;      // sys.path (module search path)
    List *argv;      // sys.argv
    Value main_module;
    char *c_stack_limit; // recursive drivers: lowest safe C stack address
} VM;

extern VM vm;

// The name of the driver this binary was built with ("stackless", "recursive").
extern const char *const vm_driver_name;

// Initialise the runtime (GC, types, builtins, modules). Call once.
void vm_init(int argc, char **argv);

// Run the file [path] as __main__. Returns the process exit code (0, 1 after
// an uncaught exception, or the SystemExit code).
int vm_run_main(const char *path);

// Call [f] from C code that is not a helper: a nested interpreter run on the
// C stack (counted in vm.nesting). VAL_NULL on error.
Value vm_call_nested(Value f, Value *args, int nargs, Tuple *kwnames);

// Run the module code [code] in [globals] to completion as the program's
// top level (the main tasklet's bottom record; not counted as nesting).
Value vm_exec_code(Code *code, Dict *globals);

// Run the fresh frame [f] as the bottom record of the main tasklet.
Value vm_run_toplevel(Value f);

// `prickle resume` of a whole scheduler (sched.main is the loaded main
// tasklet, the run queue is set up): switch to [first] and run until the
// main tasklet's chain — the program's module frame at its bottom — has
// finished. Returns its result, or VAL_NULL with its exception raised.
struct Tasklet;
Value vm_run_resumed(struct Tasklet *first);

// The name of [f], Python code called by C code outside the helper
// protocol (vm.nested_fn), for error messages: a function's qualified name.
Str *vm_nested_name(Value f);

// Drive helper [h] until it returns, performing its requests (the recursive
// drivers' generic helper driver; see helper.h).
Value vm_run_helper(Helper *h);

// The record below [r] in its chain ([r] is a Frame or a Helper record).
static inline Value rec_back(Value r) {
    return val_is(r, &FrameType) ? ((Frame *)r)->back : ((Helper *)r)->back;
}

// The current Python frame (innermost), or NULL.
Frame *vm_current_frame(void);

// Raise RecursionError if the C stack is nearly exhausted (recursive drivers).
bool vm_check_c_stack(void);

#endif
