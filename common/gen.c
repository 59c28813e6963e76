// gen.c — the generator type: iteration, send, throw and close, each
// written as a helper that asks the driver to resume the generator's frame.
#include "containers.h"
#include "err.h"
#include "frame.h"
#include "func.h"
#include "helper.h"
#include "num.h"
#include "ops.h"
#include "str.h"
#include "type.h"
#include "vm.h"

static Value gen_self(Helper *h) {
    return ((Tuple *)F(HF_ARGS))->items[0];
}

// Fields of the generator methods: args (self first), kwargs.
static bool gen_validate(Helper *h) {
    return helper_check_self(h, &GeneratorType);
}

// Raise CPython's TypeError if the method [name] got keyword arguments.
static bool no_kwargs(Helper *h, const char *name) {
    if (F(HF_KWARGS) == VAL_NONE || ((Dict *)F(HF_KWARGS))->used == 0) return true;
    err_format(&TypeErrorType, "%s takes no keyword arguments", name);
    return false;
}

static HelperStatus gen_send_step(Helper *h, Value in, Value *out) {
    Tuple *args = (Tuple *)F(HF_ARGS);
    if (h->label == 0) {
        if (!no_kwargs(h, "generator.send()")) return HS_RAISE;
        if (args->len != 2) {
            err_format(&TypeErrorType, "generator.send() takes exactly one argument (%d given)",
                       (int)args->len - 1);
            return HS_RAISE;
        }
        return helper_resume_gen(h, 1, HS_SEND, gen_self(h), args->items[1]);
    }
    if (!in) return HS_RAISE;
    return *out = in, HS_RETURN;
}
HELPER_CHECKED(gen_send_helper, "generator.send", gen_send_step, gen_validate, "args:t kwargs:W",
               "entry", "after_resume")

static HelperStatus gen_next_step(Helper *h, Value in, Value *out) {
    if (h->label == 0) {
        Tuple *args = (Tuple *)F(HF_ARGS);
        if (!no_kwargs(h, "wrapper __next__()")) return HS_RAISE;
        if (args->len != 1) {
            err_format(&TypeErrorType, "expected 0 arguments, got %d", (int)args->len - 1);
            return HS_RAISE;
        }
        return helper_resume_gen(h, 1, HS_SEND, gen_self(h), VAL_NONE);
    }
    if (!in) return HS_RAISE;
    return *out = in, HS_RETURN;
}
HELPER_CHECKED(gen_next_helper, "generator.__next__", gen_next_step, gen_validate,
               "args:t kwargs:W", "entry", "after_resume")

// The exception instance for throw(type[, value[, tb]]).
static Value make_throw_exc(Tuple *args) {
    Value t = args->items[1];
    Value v = args->len > 2 ? args->items[2] : VAL_NONE;
    Value tb = args->len > 3 ? args->items[3] : VAL_NONE;
    if (tb != VAL_NONE && !val_is(tb, &TracebackType))
        return err_format(&TypeErrorType, "throw() third argument must be a traceback object");
    Value exc;
    if (val_is(t, &TypeType) && type_is_subtype((Type *)t, &BaseExceptionType)) {
        if (v != VAL_NONE && val_isinstance(v, (Type *)t)) {
            exc = v;
        } else {
            Value a = v;
            exc = vm_call_nested(t, v == VAL_NONE ? NULL : &a, v == VAL_NONE ? 0 : 1, NULL);
            if (!exc) return VAL_NULL;
        }
    } else if (val_isinstance(t, &BaseExceptionType)) {
        if (v != VAL_NONE)
            return err_format(&TypeErrorType, "instance exception may not have a separate value");
        exc = t;
    } else {
        return err_format(
            &TypeErrorType,
            "exceptions must be classes or instances deriving from BaseException, not %s",
            obj_type_name(t));
    }
    if (tb != VAL_NONE) ((Exc *)exc)->traceback = tb;
    return exc;
}

static HelperStatus gen_throw_step(Helper *h, Value in, Value *out) {
    Tuple *args = (Tuple *)F(HF_ARGS);
    if (h->label == 0) {
        if (!no_kwargs(h, "generator.throw()")) return HS_RAISE;
        if (args->len < 2 || args->len > 4) {
            err_format(&TypeErrorType, "throw expected at least 1 argument, got %d",
                       (int)args->len - 1);
            return HS_RAISE;
        }
        Value exc = make_throw_exc(args);
        if (!exc) return HS_RAISE;
        return helper_resume_gen(h, 1, HS_THROW, gen_self(h), exc);
    }
    if (!in) return HS_RAISE;
    return *out = in, HS_RETURN;
}
HELPER_CHECKED(gen_throw_helper, "generator.throw", gen_throw_step, gen_validate, "args:t kwargs:W",
               "entry", "after_resume")

static HelperStatus gen_close_step(Helper *h, Value in, Value *out) {
    Generator *g = (Generator *)gen_self(h);
    if (h->label == 0) {
        Tuple *args = (Tuple *)F(HF_ARGS);
        if (!no_kwargs(h, "generator.close()")) return HS_RAISE;
        if (args->len != 1) {
            err_format(&TypeErrorType, "generator.close() takes no arguments (%d given)",
                       (int)args->len - 1);
            return HS_RAISE;
        }
        if (g->state == GEN_CREATED || g->state == GEN_FINISHED) {
            g->state = GEN_FINISHED;
            g->frame = NULL;
            return *out = VAL_NONE, HS_RETURN;
        }
        return helper_resume_gen(h, 1, HS_THROW, (Value)g,
                                 (Value)exc_new(&GeneratorExitType, NULL));
    }
    if (in) {
        err_format(&RuntimeErrorType, "generator ignored GeneratorExit");
        return HS_RAISE;
    }
    if (err_matches(&GeneratorExitType) || err_matches(&StopIterationType)) {
        err_clear();
        return *out = VAL_NONE, HS_RETURN;
    }
    return HS_RAISE;
}
HELPER_CHECKED(gen_close_helper, "generator.close", gen_close_step, gen_validate, "args:t kwargs:W",
               "entry", "after_throw")

static Value gen_iter(Value self) {
    return self;
}

static Value gen_repr(Value self) {
    Generator *g = (Generator *)self;
    return (Value)str_printf("<generator object %S at %p>", g->qualname, (void *)self);
}

static Value gen_getattr(Value self, Str *name) {
    Generator *g = (Generator *)self;
    if (str_eq_cstr(name, "__name__")) return (Value)g->name;
    if (str_eq_cstr(name, "__qualname__")) return (Value)g->qualname;
    if (str_eq_cstr(name, "gi_running")) return val_bool(g->state == GEN_RUNNING);
    if (str_eq_cstr(name, "gi_frame")) return g->frame ? (Value)g->frame : VAL_NONE;
    if (str_eq_cstr(name, "gi_code")) return g->frame ? (Value)g->frame->code : VAL_NONE;
    return VAL_NULL;
}

// __name__ and __qualname__ may be set to strings; nothing else (no dict).
static int gen_setattr(Value self, Str *name, Value v) {
    Generator *g = (Generator *)self;
    bool is_name = str_eq_cstr(name, "__name__");
    if (!is_name && !str_eq_cstr(name, "__qualname__")) return 0;
    if (!v || !val_is(v, &StrType)) {
        err_format(&TypeErrorType, "%S must be set to a string object", name);
        return -1;
    }
    *(is_name ? &g->name : &g->qualname) = (Str *)v;
    return 1;
}

Type GeneratorType = {
    .obj = {&TypeType},
    .name = "generator",
    .inst_size = sizeof(Generator),
    .tp_repr = gen_repr,
    .tp_iter = gen_iter,
    .tp_getattr = gen_getattr,
    .tp_setattr = gen_setattr,
};

static Value gen_iter_m(Value *args, int nargs, Tuple *kwnames) {
    if (kwnames && kwnames->len)
        return err_format(&TypeErrorType, "wrapper __iter__() takes no keyword arguments");
    if (nargs != 1) return err_format(&TypeErrorType, "expected 0 arguments, got %d", nargs - 1);
    return args[0];
}

static const MethodDef gen_methods[] = {
    {"send", NULL, 0, &gen_send_helper},
    {"__next__", NULL, 0, &gen_next_helper},
    {"throw", NULL, 0, &gen_throw_helper},
    {"close", NULL, 0, &gen_close_helper},
    {"__iter__", gen_iter_m, 0, NULL}, // iter(g) itself uses tp_iter
    {NULL, NULL, 0, NULL},
};

// Register the generator type's methods (start-up).
void gen_init(void) {
    type_ready(&GeneratorType);
    type_add_methods(&GeneratorType, gen_methods);
    helper_register(&gen_send_helper);
    helper_register(&gen_next_helper);
    helper_register(&gen_throw_helper);
    helper_register(&gen_close_helper);
}
