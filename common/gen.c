// gen.c — the generator type: iteration, send, throw and close, each
// written as a helper that asks the driver to resume the generator's frame;
// and the throw/close side of `yield from` delegation that eval.c uses.
#include "containers.h"
#include "err.h"
#include "fileobj.h"
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

// True if [t] is an exception class.
static bool is_exc_class(Value t) {
    return val_isinstance(t, &TypeType) && type_is_subtype((Type *)t, &BaseExceptionType);
}

// True if [v] is a tuple of 1 to 3 values: the arguments of a throw().
static bool throw_args(Value v) {
    return val_is(v, &TupleType) && ((Tuple *)v)->len >= 1 && ((Tuple *)v)->len <= 3;
}

// What a throw into a generator carries (HS_THROW's value): an exception,
// or the tuple of the arguments of generator.throw(typ[, val[, tb]]), which
// CPython hands on unchanged to the throw method of a `yield from`
// sub-iterator and makes into an exception only where it is raised.
Value gen_throw_exception(Value thrown) {
    if (val_isinstance(thrown, &BaseExceptionType)) return thrown;
    Value one[1] = {thrown};
    Tuple *a = (Tuple *)thrown;
    if (!throw_args(thrown)) a = tuple_from(one, 1); // (from a decoded record)
    Value t = a->items[0];
    Value v = a->len > 1 ? a->items[1] : VAL_NONE;
    Value tb = a->len > 2 ? a->items[2] : VAL_NONE;
    if (tb != VAL_NONE && !val_is(tb, &TracebackType))
        return err_format(&TypeErrorType, "throw() third argument must be a traceback object");
    Value exc;
    if (is_exc_class(t)) {
        if (v != VAL_NONE && val_isinstance(v, (Type *)t)) {
            exc = v;
        } else {
            // As PyErr_NormalizeException: t(), t(*v) or t(v); an error
            // doing so is raised instead.
            Value *args = &v;
            int nargs = v == VAL_NONE ? 0 : 1;
            if (val_is(v, &TupleType)) {
                args = ((Tuple *)v)->items;
                nargs = (int)((Tuple *)v)->len;
            }
            exc = vm_call_nested(t, args, nargs, NULL);
            if (exc && !val_isinstance(exc, &BaseExceptionType)) {
                err_format(&TypeErrorType,
                           "calling %R should have returned an instance of BaseException, not %s",
                           t, obj_type_name(exc));
                exc = VAL_NULL;
            }
            if (!exc) {
                exc = err_fetch();
                if (tb != VAL_NONE && ((Exc *)exc)->traceback == VAL_NONE)
                    ((Exc *)exc)->traceback = tb;
                return exc;
            }
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

// PyErr_GivenExceptionMatches(err, t) for an exception class t.
static bool given_matches(Value err, Type *t) {
    if (val_isinstance(err, &BaseExceptionType)) err = (Value)val_type(err);
    if (is_exc_class(err)) return type_is_subtype((Type *)err, t);
    return err == (Value)t;
}

// True if the throw of [thrown] (see gen_throw_exception) is a
// GeneratorExit: it closes a `yield from` sub-iterator instead of being
// thrown into it.
bool gen_throw_is_exit(Value thrown) {
    return given_matches(throw_args(thrown) ? ((Tuple *)thrown)->items[0] : thrown,
                         &GeneratorExitType);
}

static HelperStatus gen_throw_step(Helper *h, Value in, Value *out) {
    Tuple *args = (Tuple *)F(HF_ARGS);
    if (h->label == 0) {
        if (!no_kwargs(h, "generator.throw()")) return HS_RAISE;
        if (args->len < 2) {
            err_format(&TypeErrorType, "throw expected at least 1 argument, got %d",
                       (int)args->len - 1);
            return HS_RAISE;
        }
        if (args->len > 4) {
            err_format(&TypeErrorType, "throw expected at most 3 arguments, got %d",
                       (int)args->len - 1);
            return HS_RAISE;
        }
        // The arguments as they are: the generator (eval.c) makes them an
        // exception, or hands them on to a sub-iterator's throw method.
        Value thrown = (Value)tuple_from(args->items + 1, args->len - 1);
        return helper_resume_gen(h, 1, HS_THROW, gen_self(h), thrown);
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

// Write the pending exception as CPython's default sys.unraisablehook does
// for an error it ignores in [obj] (the exception alone, not its chain).
static void write_unraisable(Value obj) {
    Exc *e = (Exc *)err_fetch();
    file_flush(file_stdout());
    Str *r = obj_repr(obj);
    fputs("Exception ignored in: ", stderr);
    if (r) {
        fwrite(r->data, 1, (size_t)r->len, stderr);
    } else {
        err_clear();
        fputs("<object repr() failed>", stderr);
    }
    fputc('\n', stderr);
    Value cause = e->cause, context = e->context;
    e->cause = e->context = VAL_NONE;
    exc_print((Value)e, stderr);
    e->cause = cause;
    e->context = context;
}

// Fields of the yield_from.close helper.
enum { SC_SUB, SC_THROWN, SC_ERROR, SC_NFIELDS };

// Closing the sub-iterator of a generator delegating with `yield from`
// into which GeneratorExit is thrown (CPython's gen_close_iter): a
// generator is closed, another iterator's close method called if it has
// one (an error looking it up is written as unraisable and ignored). The
// delegating frame waits at its SEND. The record then returns itself (a
// value no Python code sees), with the close's error in F(SC_ERROR) or
// None: eval.c raises that error, else the thrown exception, at the SEND.
static HelperStatus subclose_step(Helper *h, Value in, Value *out) {
    if (h->label == 0) {
        Value sub = F(SC_SUB);
        Value m = obj_getattr_opt(sub, str_intern_cstr("close"));
        if (!m && err_occurred()) write_unraisable(sub);
        if (m) return helper_call(h, 1, m, EMPTY_TUPLE, NULL);
        in = VAL_NONE;
    }
    F(SC_ERROR) = in ? VAL_NONE : err_fetch();
    // Only the frame that waits for it at its SEND may see the record.
    Frame *below = h->back && val_is(h->back, &FrameType) ? (Frame *)h->back : NULL;
    if (!below || !below->code || below->ip < 0 || below->ip >= below->code->ninstrs ||
        INSTR_OP(below->code->instrs[below->ip]) != OP_SEND) {
        err_format(&SystemErrorType, "yield_from.close is not below a frame at a yield from");
        return HS_RAISE;
    }
    return *out = (Value)h, HS_RETURN;
}

// A record of the yield_from.close helper: what it completes is a throw
// (an exception or throw()'s arguments); its error, one or None.
static bool subclose_validate(Helper *h) {
    if (!val_isinstance(F(SC_THROWN), &BaseExceptionType) && !throw_args(F(SC_THROWN)))
        return helper_field_error(h, SC_THROWN, "is not an exception or throw()'s arguments");
    if (F(SC_ERROR) != VAL_NONE && !val_isinstance(F(SC_ERROR), &BaseExceptionType))
        return helper_field_error(h, SC_ERROR, "is not an exception or None");
    return true;
}
HELPER_CHECKED(gen_subclose_helper, "yield_from.close", subclose_step, subclose_validate,
               "sub:v thrown:v error:v", "entry", "after_close")

// A record closing [sub], the sub-iterator of a generator into which
// [thrown] (a GeneratorExit, see gen_throw_is_exit) is thrown.
Value gen_subclose_start(Value sub, Value thrown) {
    Helper *h = helper_new(&gen_subclose_helper);
    F(SC_SUB) = sub;
    F(SC_THROWN) = thrown;
    F(SC_ERROR) = VAL_NONE;
    return (Value)h;
}

// If [v] is the outcome of a gen_subclose_start record: true, with
// *thrown set to the throw it completes and *error to the error closing
// the sub-iterator raised (or VAL_NULL).
bool gen_subclose_outcome(Value v, Value *thrown, Value *error) {
    if (!val_is(v, &HelperType) || ((Helper *)v)->def != &gen_subclose_helper) return false;
    Helper *h = (Helper *)v;
    *thrown = F(SC_THROWN);
    *error = F(SC_ERROR) == VAL_NONE ? VAL_NULL : F(SC_ERROR);
    return true;
}

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
    helper_register(&gen_subclose_helper);
    helper_expect_nfields(&gen_subclose_helper, SC_NFIELDS);
}
