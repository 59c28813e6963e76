// runtime.c — start-up (types, builtins, modules, sys.path) and running a
// program file as __main__ with CPython's exit-code conventions.
#include "compiler.h"
#include "containers.h"
#include "err.h"
#include "fileobj.h"
#include "frame.h"
#include "func.h"
#include "module.h"
#include "num.h"
#include "ops.h"
#include "parser.h"
#include "str.h"
#include "tasklet.h"
#include "type.h"
#include "vm.h"

#include <stdlib.h>
#include <string.h>

void exc_init(void);
void func_init(void);
void gen_init(void);
void vmops_init(void);
void builtins_init(void);
Code *module_compile_file(const char *path, Str *display_name);

// collections.abc names are real classes for annotations and imports;
// isinstance() against them is refused rather than answered wrongly.
static void mod_collections_init(void) {
    Module *abc = module_add_builtin("collections.abc", NULL);
    static const char *const names[] = {
        "Iterable",  "Iterator",       "Generator",  "Callable",   "Sequence",  "MutableSequence",
        "Mapping",   "MutableMapping", "Set",        "MutableSet", "Hashable",  "Sized",
        "Container", "Collection",     "Reversible", "Awaitable",  "Coroutine", NULL};
    for (int i = 0; names[i]; i++) {
        Dict *ns = dict_new();
        dict_set_str(ns, str_intern_cstr("__module__"), (Value)str_intern_cstr("collections.abc"));
        Type *t = type_new_class(str_intern_cstr(names[i]), EMPTY_TUPLE, ns);
        t->flags |= TF_ABSTRACT;
        module_set(abc, names[i], (Value)t);
    }
    Module *coll = module_add_builtin("collections", NULL);
    module_set(coll, "abc", (Value)abc);
}

// ---- _prickle: introspection for prickle's own tests -------------------------------

static char *c_stack_base;

static Value p_c_stack_depth(Value *args, int nargs, Tuple *kw) {
    if (!args_check("c_stack_depth", nargs, kw, 0, 0)) return VAL_NULL;
    char here;
    return int_from_i64((int64_t)(c_stack_base - &here));
}

static Value p_driver(Value *args, int nargs, Tuple *kw) {
    if (!args_check("driver", nargs, kw, 0, 0)) return VAL_NULL;
    return (Value)str_from_cstr(vm_driver_name);
}

static Value p_nesting(Value *args, int nargs, Tuple *kw) {
    if (!args_check("nesting", nargs, kw, 0, 0)) return VAL_NULL;
    return int_from_i64(vm.nesting);
}

static Value p_gc_count(Value *args, int nargs, Tuple *kw) {
    if (!args_check("gc_count", nargs, kw, 0, 0)) return VAL_NULL;
    return int_from_i64((int64_t)GC_get_gc_no());
}

static const MethodDef prickle_funcs[] = {
    {"gc_count", p_gc_count, 0, NULL},
    {"c_stack_depth", p_c_stack_depth, 0, NULL},
    {"driver", p_driver, 0, NULL},
    {"nesting", p_nesting, 0, NULL},
    {NULL, NULL, 0, NULL},
};

void vm_init(int argc, char **argv) {
    char here;
    if (!c_stack_base) c_stack_base = &here;
    GC_INIT();
#if PRICKLE_GC_STRESS
    GC_set_free_space_divisor(1000000);
    GC_set_full_freq(1);
#endif
    vm.recursion_limit = 1000;
    vm.exc_info = VAL_NONE;
#define X(c, py) type_ready(&c##Type);
    BUILTIN_TYPE_LIST(X)
#undef X
    type_init_dunders();
    exc_init();
    func_init();
    str_init();
    num_init();
    containers_init();
    fileobj_init();
    gen_init();
    vmops_init();
    vm.modules = dict_new();
    vm.path = list_new(0);
    vm.argv = list_new(0);
    for (int i = 0; i < argc; i++) list_append(vm.argv, (Value)str_from_cstr(argv[i]));
    builtins_init();
    mod_sys_init();
    mod_math_init();
    mod_time_init();
    mod_collections_init();
    sched_init();
    module_add_builtin("_prickle", prickle_funcs);
}

Value vm_exec_code(Code *code, Dict *globals) {
    Frame *f = frame_new(code, NULL, globals, globals);
    return vm_run_toplevel((Value)f);
}

// Exit code for an uncaught exception (printing it as CPython does).
static int report_exception(Value exc) {
    if (val_isinstance(exc, &SystemExitType)) {
        Exc *e = (Exc *)exc;
        Value code = e->args->len == 0   ? VAL_NONE
                     : e->args->len == 1 ? e->args->items[0]
                                         : (Value)e->args;
        file_flush(file_stdout());
        if (code == VAL_NONE) return 0;
        if (val_is_int(code)) return (int)(int_value(code) & 0xff);
        Str *s = obj_str(code);
        if (s) {
            file_flush(file_stdout());
            fprintf(stderr, "%s\n", s->data);
        }
        return 1;
    }
    exc_print(exc, stderr);
    return 1;
}

int vm_run_main(const char *path) {
    // sys.path: the script's directory, PRICKLEPATH entries, the library folder.
    const char *slash = strrchr(path, '/');
    list_append(vm.path, (Value)(slash ? str_new(path, slash - path) : str_from_cstr("")));
    const char *pp = getenv("PRICKLEPATH");
    while (pp && *pp) {
        const char *colon = strchr(pp, ':');
        int64_t n = colon ? colon - pp : (int64_t)strlen(pp);
        if (n) list_append(vm.path, (Value)str_new(pp, n));
        pp = colon ? colon + 1 : NULL;
    }
    list_append(vm.path, (Value)str_from_cstr(PRICKLE_LIB_DIR));

    Str *fname = str_from_cstr(path);
    Module *m = module_new(str_intern_cstr("__main__"));
    dict_set_str(m->dict, str_intern_cstr("__file__"), (Value)fname);
    dict_set_str(m->dict, str_intern_cstr("__builtins__"), (Value)vm.builtins);
    dict_set_str(vm.modules, m->name, (Value)m);
    vm.main_module = (Value)m;
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "prickle: can't open file '%s': [Errno 2] No such file or directory\n",
                path);
        return 2;
    }
    fclose(f);
    Code *code = module_compile_file(path, fname);
    int rc = 0;
    if (!code) {
        rc = report_exception(err_fetch());
    } else {
        Value r = vm_exec_code(code, m->dict);
        if (!r) rc = report_exception(err_fetch());
    }
    if (file_flush(file_stdout()) < 0) err_clear();
    file_flush(file_stderr());
    return rc;
}

// The command line shared by every strategy's main().
int prickle_main(int argc, char **argv) {
    int first = 1;
    if (argc > 1 && strcmp(argv[1], "run") == 0) first = 2;
    if (argc > 1 && (strcmp(argv[1], "--version") == 0)) {
        printf("prickle (%s driver)\n", vm_driver_name);
        return 0;
    }
    if (argc > 1 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
        printf("usage: prickle [run] PROGRAM.py [ARGS...]\n"
               "       prickle dis-code PROGRAM.py   (bytecode listing)\n");
        return 0;
    }
    if (argc > 2 && strcmp(argv[1], "dis-code") == 0) {
        vm_init(0, NULL);
        Code *c = module_compile_file(argv[2], str_from_cstr(argv[2]));
        if (!c) {
            exc_print(err_fetch(), stderr);
            return 1;
        }
        code_dis(c, stdout);
        return 0;
    }
    if (argc <= first) {
        fprintf(stderr, "usage: prickle [run] PROGRAM.py [ARGS...]\n");
        return 2;
    }
    vm_init(argc - first, argv + first);
    return vm_run_main(argv[first]);
}
