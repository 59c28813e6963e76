// frame.c — creating frames, binding call arguments to parameters with
// CPython's rules and error messages, and the frame and traceback types.
#include "frame.h"

#include "containers.h"
#include "err.h"
#include "func.h"
#include "num.h"
#include "ops.h"
#include "str.h"

#include <string.h>

Frame *frame_new(Code *code, Func *func, Dict *globals, Dict *locals) {
    int32_t nslots = code->nlocals + code->ncells + code->nfrees + code->stacksize;
    Frame *f = (Frame *)obj_alloc(&FrameType, sizeof(Frame) + sizeof(Value) * (size_t)nslots);
    f->code = code;
    f->func = func;
    f->globals = globals;
    f->locals = locals;
    Value *cells = f->slots + code->nlocals;
    for (int32_t i = 0; i < code->ncells; i++) cells[i] = (Value)cell_new(VAL_NULL);
    if (code->nfrees && func && func->closure) {
        for (int32_t i = 0; i < code->nfrees && i < func->closure->len; i++)
            cells[code->ncells + i] = func->closure->items[i];
    }
    return f;
}

// "f() missing 2 required positional arguments: 'a' and 'b'"
static void missing_error(Func *fn, Str **names, int n, const char *kind) {
    StrBuf b;
    strbuf_init(&b);
    for (int i = 0; i < n; i++) {
        if (i > 0) strbuf_puts(&b, n == 2 ? " and " : (i == n - 1 ? ", and " : ", "));
        strbuf_printf(&b, "'%s'", names[i]->data);
    }
    Str *list = strbuf_finish(&b);
    err_format(&TypeErrorType, "%S() missing %d required %s argument%s: %S", fn->qualname, n, kind,
               n == 1 ? "" : "s", list);
}

bool frame_bind_args(Frame *f, Func *fn, Value *args, int nargs, Tuple *kwnames) {
    Code *co = f->code;
    Value *locals = f->slots;
    int nkw = kwnames ? (int)kwnames->len : 0;
    int npos = nargs - nkw;
    int argc = co->argcount;
    int kwonly = co->kwonlyargcount;
    int slot_varargs = argc + kwonly;
    int slot_varkw = slot_varargs + ((co->flags & CO_VARARGS) ? 1 : 0);
    Tuple *names = co->varnames;

    // Positional arguments.
    int n = npos < argc ? npos : argc;
    for (int i = 0; i < n; i++) locals[i] = args[i];
    if (co->flags & CO_VARARGS) {
        locals[slot_varargs] =
            npos > argc ? (Value)tuple_from(args + argc, npos - argc) : (Value)EMPTY_TUPLE;
    } else if (npos > argc) {
        int ndef = fn->defaults ? (int)fn->defaults->len : 0;
        // Count keyword arguments that match keyword-only parameters (CPython mentions them).
        int kwonly_given = 0;
        for (int k = 0; k < nkw; k++)
            for (int j = argc; j < argc + kwonly; j++)
                if (str_eq((Str *)kwnames->items[k], (Str *)names->items[j])) kwonly_given++;
        Str *takes;
        if (ndef > 0 && ndef < argc)
            takes = str_printf("from %d to %d positional arguments", argc - ndef, argc);
        else
            takes = str_printf("%d positional argument%s", argc, argc == 1 ? "" : "s");
        if (kwonly_given)
            err_format(&TypeErrorType,
                       "%S() takes %S but %d positional argument%s (and %d keyword-only "
                       "argument%s) were given",
                       fn->qualname, takes, npos, npos == 1 ? "" : "s", kwonly_given,
                       kwonly_given == 1 ? "" : "s");
        else
            err_format(&TypeErrorType, "%S() takes %S but %d %s given", fn->qualname, takes, npos,
                       npos == 1 ? "was" : "were");
        return false;
    }
    Dict *kwdict = NULL;
    if (co->flags & CO_VARKEYWORDS) {
        kwdict = dict_new();
        locals[slot_varkw] = (Value)kwdict;
    }
    // Keyword arguments.
    for (int k = 0; k < nkw; k++) {
        Str *key = (Str *)kwnames->items[k];
        Value v = args[npos + k];
        int j;
        for (j = co->posonlyargcount; j < argc + kwonly; j++)
            if ((Str *)names->items[j] == key || str_eq((Str *)names->items[j], key)) break;
        if (j == argc + kwonly) {
            if (kwdict) {
                dict_set(kwdict, (Value)key, v);
                continue;
            }
            bool posonly = false;
            for (int p = 0; p < co->posonlyargcount; p++)
                if (str_eq((Str *)names->items[p], key)) posonly = true;
            if (posonly)
                err_format(
                    &TypeErrorType,
                    "%S() got some positional-only arguments passed as keyword arguments: '%S'",
                    fn->qualname, key);
            else
                err_format(&TypeErrorType, "%S() got an unexpected keyword argument '%S'",
                           fn->qualname, key);
            return false;
        }
        if (locals[j]) {
            err_format(&TypeErrorType, "%S() got multiple values for argument '%S'", fn->qualname,
                       key);
            return false;
        }
        locals[j] = v;
    }
    // Defaults for missing positional parameters.
    if (npos < argc) {
        int ndef = fn->defaults ? (int)fn->defaults->len : 0;
        int first_def = argc - ndef;
        Str *missing[256];
        int nmissing = 0;
        for (int i = npos; i < argc; i++) {
            if (locals[i]) continue;
            if (i >= first_def)
                locals[i] = fn->defaults->items[i - first_def];
            else if (nmissing < 256)
                missing[nmissing++] = (Str *)names->items[i];
        }
        if (nmissing) {
            missing_error(fn, missing, nmissing, "positional");
            return false;
        }
    }
    // Keyword-only defaults.
    if (kwonly) {
        Str *missing[256];
        int nmissing = 0;
        for (int i = argc; i < argc + kwonly; i++) {
            if (locals[i]) continue;
            Value d =
                fn->kwdefaults ? dict_get_str(fn->kwdefaults, (Str *)names->items[i]) : VAL_NULL;
            if (d)
                locals[i] = d;
            else if (nmissing < 256)
                missing[nmissing++] = (Str *)names->items[i];
        }
        if (nmissing) {
            missing_error(fn, missing, nmissing, "keyword-only");
            return false;
        }
    }
    return true;
}

static Value frame_repr(Value self) {
    Frame *f = (Frame *)self;
    return (Value)str_printf("<frame at %p, file '%S', line %d, code %S>", (void *)f,
                             f->code->filename, code_line(f->code, f->ip), f->code->name);
}

static Value frame_getattr(Value self, Str *name) {
    Frame *f = (Frame *)self;
    if (str_eq_cstr(name, "f_lineno")) return int_from_i64(code_line(f->code, f->ip));
    if (str_eq_cstr(name, "f_code")) return (Value)f->code;
    if (str_eq_cstr(name, "f_globals")) return (Value)f->globals;
    if (str_eq_cstr(name, "f_back"))
        return f->back && val_is(f->back, &FrameType) ? f->back : VAL_NONE;
    return VAL_NULL;
}

Type FrameType = {
    .obj = {&TypeType},
    .name = "frame",
    .inst_size = sizeof(Frame),
    .tp_repr = frame_repr,
    .tp_getattr = frame_getattr,
};

static Value tb_getattr(Value self, Str *name) {
    Traceback *tb = (Traceback *)self;
    if (str_eq_cstr(name, "tb_lineno")) return int_from_i64(tb->line);
    if (str_eq_cstr(name, "tb_next")) return tb->next ? (Value)tb->next : VAL_NONE;
    if (str_eq_cstr(name, "tb_frame")) return (Value)tb->frame;
    if (str_eq_cstr(name, "tb_lasti")) return int_from_i64(tb->ip);
    return VAL_NULL;
}

Type TracebackType = {
    .obj = {&TypeType},
    .name = "traceback",
    .inst_size = sizeof(Traceback),
    .tp_getattr = tb_getattr,
};
