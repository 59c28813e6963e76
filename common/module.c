// module.c — module objects, builtin modules, the `sys` module, and loading
// modules from source files on sys.path (the import system).
#include "module.h"

#include "compiler.h"
#include "containers.h"
#include "err.h"
#include "fileobj.h"
#include "frame.h"
#include "func.h"
#include "num.h"
#include "ops.h"
#include "parser.h"
#include "str.h"
#include "vm.h"

#include <stdlib.h>
#include <string.h>

Module *module_new(Str *name) {
    Module *m = (Module *)obj_alloc(&ModuleType, sizeof(Module));
    m->name = name;
    m->dict = dict_new();
    dict_set_str(m->dict, str_intern_cstr("__name__"), (Value)name);
    dict_set_str(m->dict, str_intern_cstr("__doc__"), VAL_NONE);
    return m;
}

Module *module_add_builtin(const char *name, const MethodDef *funcs) {
    Module *m = module_new(str_intern_cstr(name));
    for (; funcs && funcs->name; funcs++) {
        size_t n = strlen(name) + strlen(funcs->name) + 2;
        char *qn = gc_alloc_atomic(n);
        snprintf(qn, n, "%s.%s", name, funcs->name);
        Value f =
            funcs->helper ? builtin_new_helper(qn, funcs->helper) : builtin_new(qn, funcs->fn);
        dict_set_str(m->dict, str_intern_cstr(funcs->name), f);
    }
    dict_set_str(vm.modules, m->name, (Value)m);
    return m;
}

void module_set(Module *m, const char *name, Value v) {
    dict_set_str(m->dict, str_intern_cstr(name), v);
}

// Read a whole file; NULL if it cannot be opened.
char *module_read_file(const char *path, int64_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    StrBuf b;
    strbuf_init(&b);
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) strbuf_putn(&b, buf, (int64_t)n);
    fclose(f);
    *len = b.len;
    strbuf_putc(&b, '\0');
    return b.data;
}

// Compile the source file [path] as module code. NULL with SyntaxError.
Code *module_compile_file(const char *path, Str *display_name) {
    int64_t len;
    char *src = module_read_file(path, &len);
    if (!src) {
        err_format(&FileNotFoundErrorType, "[Errno 2] No such file or directory: '%s'", path);
        return NULL;
    }
    if (memchr(src, 0, (size_t)len)) {
        err_format(&SyntaxErrorType, "source code cannot contain null bytes");
        return NULL;
    }
    Node *mod = parse_module(src, len, display_name);
    if (!mod) return NULL;
    return compile_module(mod, display_name, src);
}

// Find [name].py on sys.path, create the module and the frame that runs its
// body (not yet run). Registers it in sys.modules. VAL_NULL on error.
Value module_load_source(Str *name, Module **mod_out, Frame **frame_out) {
    if (strchr(name->data, '.')) {
        return err_raise_args(&ModuleNotFoundErrorType,
                              tuple_pack(1, (Value)str_printf("No module named '%S'", name)));
    }
    for (int64_t i = 0; i < vm.path->len; i++) {
        Value dir = vm.path->items[i];
        if (!val_is(dir, &StrType)) continue;
        Str *d = (Str *)dir;
        Str *path = d->len ? str_printf("%S/%S.py", d, name) : str_printf("%S.py", name);
        FILE *f = fopen(path->data, "rb");
        if (!f) continue;
        fclose(f);
        Code *code = module_compile_file(path->data, path);
        if (!code) return VAL_NULL;
        Module *m = module_new(name);
        dict_set_str(m->dict, str_intern_cstr("__file__"), (Value)path);
        dict_set_str(m->dict, str_intern_cstr("__builtins__"), (Value)vm.builtins);
        dict_set_str(vm.modules, name, (Value)m);
        *mod_out = m;
        *frame_out = frame_new(code, NULL, m->dict, m->dict);
        return (Value)m;
    }
    return err_raise_args(&ModuleNotFoundErrorType,
                          tuple_pack(1, (Value)str_printf("No module named '%S'", name)));
}

// ---- sys --------------------------------------------------------------------------

static Value sys_exit(Value *args, int nargs, Tuple *kw) {
    if (!args_check("exit", nargs, kw, 0, 1)) return VAL_NULL;
    return err_raise_args(&SystemExitType, nargs ? tuple_pack(1, args[0]) : EMPTY_TUPLE);
}

static Value sys_getrecursionlimit(Value *args, int nargs, Tuple *kw) {
    if (!args_check("getrecursionlimit", nargs, kw, 0, 0)) return VAL_NULL;
    return int_from_i64(vm.recursion_limit);
}

static Value sys_setrecursionlimit(Value *args, int nargs, Tuple *kw) {
    if (!args_check("setrecursionlimit", nargs, kw, 1, 1)) return VAL_NULL;
    if (!val_is_int(args[0]))
        return err_format(&TypeErrorType, "'%s' object cannot be interpreted as an integer",
                          obj_type_name(args[0]));
    int64_t n = int_value(args[0]);
    if (n < 1)
        return err_format(&ValueErrorType, "recursion limit must be greater or equal than 1");
    vm.recursion_limit = n;
    return VAL_NONE;
}

static Value sys_exc_info(Value *args, int nargs, Tuple *kw) {
    Value e = vm.exc_info;
    if (!e || e == VAL_NONE) return (Value)tuple_pack(3, VAL_NONE, VAL_NONE, VAL_NONE);
    return (Value)tuple_pack(3, (Value)val_type(e), e, ((Exc *)e)->traceback);
}

static Value sys_exception(Value *args, int nargs, Tuple *kw) {
    Value e = vm.exc_info;
    return e ? e : VAL_NONE;
}

static Value sys_getsizeof(Value *args, int nargs, Tuple *kw) {
    return err_format(&NotImplementedErrorType, "sys.getsizeof is not supported by prickle");
}

static Value sys_intern(Value *args, int nargs, Tuple *kw) {
    if (!args_check("intern", nargs, kw, 1, 1)) return VAL_NULL;
    if (!val_is(args[0], &StrType))
        return err_format(&TypeErrorType, "intern() argument must be str, not %s",
                          obj_type_name(args[0]));
    return (Value)str_intern((Str *)args[0]);
}

static const MethodDef sys_funcs[] = {
    {"exit", sys_exit, 0, NULL},
    {"getrecursionlimit", sys_getrecursionlimit, 0, NULL},
    {"setrecursionlimit", sys_setrecursionlimit, 0, NULL},
    {"exc_info", sys_exc_info, 0, NULL},
    {"exception", sys_exception, 0, NULL},
    {"getsizeof", sys_getsizeof, 0, NULL},
    {"intern", sys_intern, 0, NULL},
    {NULL, NULL, 0, NULL},
};

void mod_sys_init(void) {
    Module *m = module_add_builtin("sys", sys_funcs);
    module_set(m, "argv", (Value)vm.argv);
    module_set(m, "path", (Value)vm.path);
    module_set(m, "modules", (Value)vm.modules);
    module_set(m, "stdout", file_stdout());
    module_set(m, "stderr", file_stderr());
    module_set(m, "__stdout__", file_stdout());
    module_set(m, "__stderr__", file_stderr());
    module_set(m, "maxsize", int_from_i64(INT64_MAX));
    module_set(m, "byteorder", (Value)str_from_cstr("little"));
    module_set(m, "platform", (Value)str_from_cstr("linux"));
    module_set(m, "implementation_name", (Value)str_from_cstr("prickle"));
    module_set(m, "version", (Value)str_from_cstr("3.11.0 (prickle)"));
    module_set(m, "version_info",
               (Value)tuple_pack(5, int_from_i64(3), int_from_i64(11), int_from_i64(0),
                                 (Value)str_from_cstr("final"), int_from_i64(0)));
    module_set(m, "executable", (Value)str_from_cstr("prickle"));
    module_set(m, "prickle_driver", (Value)str_from_cstr(vm_driver_name));
}
