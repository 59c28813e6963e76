// pickle_mod.c — the `pickle` module of the language: dumps/loads through
// the frame format (format.h), and its exception classes. Only prickle's
// own format is spoken: pickles of CPython are not understood, and
// `protocol` is accepted and ignored.
#include "bytes.h"
#include "containers.h"
#include "err.h"
#include "format.h"
#include "module.h"
#include "str.h"
#include "type.h"
#include "vm.h"

Type *fmt_pickling_error, *fmt_unpickling_error;

// pickle.dumps(obj, protocol=None)
static Value pickle_dumps(Value *args, int nargs, Tuple *kwnames) {
    int nkw = kwnames ? (int)kwnames->len : 0;
    int npos = nargs - nkw;
    for (int i = 0; i < nkw; i++)
        if (!str_eq_cstr((Str *)kwnames->items[i], "protocol") &&
            !str_eq_cstr((Str *)kwnames->items[i], "fix_imports"))
            return err_format(&TypeErrorType, "dumps() got an unexpected keyword argument '%S'",
                              (Str *)kwnames->items[i]);
    if (npos < 1 || npos > 2)
        return err_format(&TypeErrorType,
                          "dumps() takes from 1 to 2 positional arguments but %d were given", npos);
    return fmt_dumps(args[0]);
}

// pickle.loads(data)
static Value pickle_loads(Value *args, int nargs, Tuple *kwnames) {
    if (!args_check("loads", nargs, kwnames, 1, 1)) return VAL_NULL;
    if (!val_is(args[0], &BytesType))
        return err_format(&TypeErrorType, "a bytes-like object is required, not '%T'", args[0]);
    Bytes *b = (Bytes *)args[0];
    FmtOptions opt = {.bind_modules = true};
    return fmt_loads(b->data, (size_t)b->len, &opt);
}

static const MethodDef pickle_funcs[] = {
    {"dumps", pickle_dumps, 0, NULL},
    {"loads", pickle_loads, 0, NULL},
    {NULL, NULL, 0, NULL},
};

static Type *new_error(Module *m, const char *name, Type *base) {
    Dict *ns = dict_new();
    dict_set_str(ns, str_intern_cstr("__module__"), (Value)str_intern_cstr("pickle"));
    Type *t = type_new_class(str_intern_cstr(name), tuple_pack(1, (Value)base), ns);
    module_set(m, name, (Value)t);
    return t;
}

void fmt_init(void) {
    Module *m = module_add_builtin("pickle", pickle_funcs);
    Type *base = new_error(m, "PickleError", &ExceptionType);
    fmt_pickling_error = new_error(m, "PicklingError", base);
    fmt_unpickling_error = new_error(m, "UnpicklingError", base);
    module_set(m, "HIGHEST_PROTOCOL", val_from_small(5));
    module_set(m, "DEFAULT_PROTOCOL", val_from_small(4));
}
