// eval.c — the eval core: one bytecode loop, compiled once per driver.
//
// PRICKLE_STRATEGY_STACKLESS: a call pushes a heap record (Frame or
// Helper) on the chain rooted at vm.top and the loop continues with it; a
// return pops the record and delivers the value to the record below. No C
// recursion for Python calls, generator resumption or helper callbacks.
//
// Otherwise (the recursive driver under stack-copy and unwind-rebuild): a
// call runs the callee with a nested C call of run() / vm_run_helper(), and
// the result is delivered to the calling frame the same way.
//
// Sync points: SAVE_AT(i) writes the instruction index and stack depth back
// to the heap frame; every path that leaves the frame (call, yield, return,
// raise, helper start) goes through it first. While a frame is suspended in
// a callee its ip points AT the suspending (OPF_RESUMABLE) instruction, and
// complete() finishes that instruction with the delivered result.
//
// Resume mode (recursive driver; resume.h, docs/RESUME.md): a tasklet known
// only by its heap records is continued by re-entering them bottom to top;
// run() and vm_run_helper() then re-issue a record's pending call into the
// record above instead of decoding its instruction or stepping it.
#include "vm.h"

#include "code.h"
#include "containers.h"
#include "err.h"
#include "frame.h"
#include "func.h"
#include "helper.h"
#include "num.h"
#include "ops.h"
#include "resume.h"
#include "str.h"
#include "tasklet.h"
#include "type.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if PRICKLE_STRATEGY_STACKLESS
#define STACKLESS 1
#else
#define STACKLESS 0
#endif

VM vm;
const char *const vm_driver_name = PRICKLE_STRATEGY_NAME;

// Helpers defined in vmops.c (the VM-internal helpers).
extern HelperDef binop_helper, compare_helper, class_call_helper, build_class_helper, unpack_helper,
    import_helper, extend_helper, truth_helper, format_helper, contains_helper;
Value vmops_start_binop(int op, Value a, Value b, Value *out_rec);
Value vmops_start_compare(CmpOp op, Value a, Value b, Value *out_rec);
Value import_name(Str *name, Value fromlist, Dict *globals, Value *out_rec);
Value build_class_start(Value body, Str *name, Value *bases, int nbases, Value *out_rec);
Value vmops_build(Value target, Value *values, int n, int start);
Value vmops_start_format(Value v, int conv, Value spec, Value *out_rec);

// ---- records --------------------------------------------------------------------

static inline bool is_frame(Value r) {
    return r->type == &FrameType;
}

Frame *vm_current_frame(void) {
    for (Value r = vm.top; r; r = rec_back(r))
        if (is_frame(r)) return (Frame *)r;
    return NULL;
}

static inline void rec_set_back(Value r, Value b) {
    if (is_frame(r))
        ((Frame *)r)->back = b;
    else
        ((Helper *)r)->back = b;
}

// Add a traceback entry for [f] at instruction [ip] to the pending exception.
static void add_traceback(Frame *f, int32_t ip) {
    Exc *e = (Exc *)vm.exc;
    Traceback *tb = (Traceback *)obj_alloc(&TracebackType, sizeof(Traceback));
    tb->frame = f;
    tb->ip = ip;
    tb->line = code_line(f->code, ip);
    tb->next = e->traceback != VAL_NONE ? (Traceback *)e->traceback : NULL;
    e->traceback = (Value)tb;
}

static Value recursion_error(void) {
    return err_format(&RecursionErrorType, "maximum recursion depth exceeded");
}

// ---- calls -------------------------------------------------------------------------

typedef enum { PREP_VALUE, PREP_RECORD, PREP_ERROR } Prep;

static Value not_callable(Value f) {
    return err_format(&TypeErrorType, "'%s' object is not callable", obj_type_name(f));
}

// Arguments with [self] prepended (a fresh array).
static Value *prepend(Value self, Value *args, int nargs) {
    Value *a = gc_alloc(sizeof(Value) * (size_t)(nargs + 1));
    a[0] = self;
    if (nargs) memcpy(a + 1, args, sizeof(Value) * (size_t)nargs);
    return a;
}

static Dict *kwdict_from(Value *args, int nargs, Tuple *kwnames) {
    if (!kwnames || kwnames->len == 0) return NULL;
    Dict *d = dict_new();
    int npos = nargs - (int)kwnames->len;
    for (int64_t i = 0; i < kwnames->len; i++) dict_set(d, kwnames->items[i], args[npos + i]);
    return d;
}

// Start helper [def] for a builtin call.
static Helper *helper_for_call(const HelperDef *def, Value *args, int nargs, Tuple *kwnames) {
    Helper *h = helper_new(def);
    int nkw = kwnames ? (int)kwnames->len : 0;
    h->fields[HF_ARGS] = (Value)tuple_from(args, nargs - nkw);
    Dict *kw = kwdict_from(args, nargs, kwnames);
    h->fields[HF_KWARGS] = kw ? (Value)kw : VAL_NONE;
    return h;
}

// Make the frame for calling Python function [fn].
static Frame *func_frame(Func *fn, Value *args, int nargs, Tuple *kwnames) {
    Code *co = fn->code;
    Frame *fr = frame_new(co, fn, fn->globals, NULL);
    if (!kwnames && nargs == co->argcount && !(co->flags & (CO_VARARGS | CO_VARKEYWORDS)) &&
        co->kwonlyargcount == 0) {
        for (int i = 0; i < nargs; i++) fr->slots[i] = args[i];
    } else if (!frame_bind_args(fr, fn, args, nargs, kwnames)) {
        return NULL;
    }
    return fr;
}

Generator *gen_new(Frame *f) {
    Generator *g = (Generator *)obj_alloc(&GeneratorType, sizeof(Generator));
    g->frame = f;
    g->name = f->code->name;
    g->qualname = f->code->qualname;
    g->state = GEN_CREATED;
    g->exc_info = VAL_NONE;
    f->gen = (Value)g;
    return g;
}

// The outcome of a C function that may, instead of its result, return a
// fresh helper record that computes it (helper.h: a builtin that must run
// Python code continues as that record).
static inline Prep value_or_record(Value r, Value *out) {
    if (!r) return PREP_ERROR;
    *out = r;
    return val_is(r, &HelperType) ? PREP_RECORD : PREP_VALUE;
}

// Prepare the call f(*args): either compute it (PREP_VALUE, *out), or make
// the record that computes it (PREP_RECORD, *out), or raise (PREP_ERROR).
static Prep prepare_call(Value f, Value *args, int nargs, Tuple *kwnames, Value *out) {
    for (;;) {
        Type *t = val_type(f);
        if (t == &FuncType) {
            Func *fn = (Func *)f;
            Frame *fr = func_frame(fn, args, nargs, kwnames);
            if (!fr) return PREP_ERROR;
            if (fn->code->flags & CO_GENERATOR) {
                *out = (Value)gen_new(fr);
                return PREP_VALUE;
            }
            *out = (Value)fr;
            return PREP_RECORD;
        }
        if (t == &BoundMethodType) {
            BoundMethod *m = (BoundMethod *)f;
            args = prepend(m->self, args, nargs);
            nargs++;
            f = m->func;
            continue;
        }
        if (t == &BuiltinType) {
            Builtin *b = (Builtin *)f;
            if (b->self) {
                args = prepend(b->self, args, nargs);
                nargs++;
            }
            if (b->helper) {
                *out = (Value)helper_for_call(b->helper, args, nargs, kwnames);
                return PREP_RECORD;
            }
            return value_or_record(b->fn(args, nargs, kwnames), out);
        }
        if (t == &TypeType) {
            Type *cls = (Type *)f;
            Value init = cls->dunders[DUNDER_INIT];
            if (init && val_type(init) == &FuncType && !cls->dunders[DUNDER_NEW] &&
                cls->tp_new == ObjectType.tp_new) {
                // Fast path: a plain instance, then its Python __init__ in a
                // frame that returns the instance.
                Value obj = cls->tp_new(cls, NULL, 0, NULL);
                if (!obj) return PREP_ERROR;
                Value buf[8];
                Value *a = nargs < 8 ? buf : gc_alloc(sizeof(Value) * (size_t)(nargs + 1));
                a[0] = obj;
                if (nargs) memcpy(a + 1, args, sizeof(Value) * (size_t)nargs);
                Frame *fr = func_frame((Func *)init, a, nargs + 1, kwnames);
                if (!fr) return PREP_ERROR;
                fr->init_self = obj;
                *out = (Value)fr;
                return PREP_RECORD;
            }
            if ((cls->flags & TF_HEAPTYPE) || cls->dunders[DUNDER_INIT]) {
                Helper *h = helper_new(&class_call_helper);
                h->fields[0] = f;
                int nkw = kwnames ? (int)kwnames->len : 0;
                h->fields[1] = (Value)tuple_from(args, nargs - nkw);
                Dict *kw = kwdict_from(args, nargs, kwnames);
                h->fields[2] = kw ? (Value)kw : VAL_NONE;
                *out = (Value)h;
                return PREP_RECORD;
            }
            if (!cls->tp_new) {
                err_format(&TypeErrorType, "cannot create '%s' instances", cls->name);
                return PREP_ERROR;
            }
            extern const HelperDef *type_new_helper(Type * cls, Value * args, int nargs);
            const HelperDef *nh =
                type_new_helper(cls, args, nargs - (kwnames ? (int)kwnames->len : 0));
            if (nh) {
                Helper *h = helper_for_call(nh, prepend(f, args, nargs), nargs + 1, kwnames);
                *out = (Value)h;
                return PREP_RECORD;
            }
            return value_or_record(cls->tp_new(cls, args, nargs, kwnames), out);
        }
        if (t == &HelperType) {
            // A fresh helper record made by a helper for a sub-operation
            // (helper_sub: an obj_start_* record, ops.h).
            Helper *h = (Helper *)f;
            if (nargs || h->back || h->label != 0 || h->req_kind != HS_RETURN) {
                not_callable(f);
                return PREP_ERROR;
            }
            *out = f;
            return PREP_RECORD;
        }
        if (t == &FrameType) {
            // A fresh class-body or module frame to run (BUILD_CLASS, import).
            Frame *fr = (Frame *)f;
            if (fr->ip != 0 || fr->back || fr->gen ||
                !(fr->code->flags & (CO_CLASSBODY | CO_MODULE))) {
                not_callable(f);
                return PREP_ERROR;
            }
            *out = f;
            return PREP_RECORD;
        }
        if (t->dunders[DUNDER_CALL]) {
            args = prepend(f, args, nargs);
            nargs++;
            f = t->dunders[DUNDER_CALL];
            continue;
        }
        if (t->tp_call) return value_or_record(t->tp_call(f, args, nargs, kwnames), out);
        not_callable(f);
        return PREP_ERROR;
    }
}

// Prepare the call that computes attribute [name] of [o] (a property
// getter, a user __get__, __getattr__). When the class also has a
// __getattr__, an AttributeError from the getter falls back to it, which
// needs the vm.getattr helper.
extern HelperDef getattr_helper;
static Prep getattr_prepare(Value o, Str *name, Value fn, Value *cargs, int nc, Value *out) {
    Value ga = val_type(o)->dunders[DUNDER_GETATTR];
    if (!ga || fn == ga) return prepare_call(fn, cargs, nc, NULL, out);
    Helper *h = helper_new(&getattr_helper);
    h->fields[0] = o;
    h->fields[1] = (Value)name;
    h->fields[2] = fn;
    h->fields[3] = (Value)tuple_from(cargs, nc);
    *out = (Value)h;
    return PREP_RECORD;
}

// Store (v != VAL_NULL) or delete attribute [name] of [o]: PREP_VALUE when
// done, or the record of the setter/deleter/__setattr__ to run.
static Prep attr_store(Value o, Str *name, Value v, Value *out) {
    Value fn, cargs[3];
    int nc;
    switch (attr_set(o, name, v, &fn, cargs, &nc)) {
    case ATTR_FOUND: *out = VAL_NONE; return PREP_VALUE;
    case ATTR_MISSING: attr_error(o, name); return PREP_ERROR;
    case ATTR_ERROR: return PREP_ERROR;
    case ATTR_CALL: break;
    }
    return prepare_call(fn, cargs, nc, NULL, out);
}

// ---- the loop ---------------------------------------------------------------------

// How a record below receives the result of the one above.
typedef enum {
    DELIVER_VALUE,    // a return value (or a yielded value, for a generator's resumer)
    DELIVER_RETURNED, // a generator returned: the value is its return value
} DeliverKind;

// Resume modes of run().
// RUN_RESUME (stackless driver): continue the current tasklet's chain as
// after a switch; the entry is the bottom frame of the main tasklet's chain.
typedef enum { RUN_START, RUN_SEND, RUN_THROW, RUN_RESUME } RunMode;

static Value run(Value entry, Value input, RunMode mode, bool *returned);

// Run [rec] to completion as a nested C call (recursive driver; stackless
// escape hatch). For generator frames use gen_resume_nested.
static Value run_record_nested(Value rec) {
    if (is_frame(rec)) return run(rec, VAL_NULL, RUN_START, NULL);
    return vm_run_helper((Helper *)rec);
}

// Truth of a value without callbacks; -2 when a user __bool__/__len__ must run.
static inline int fast_truth(Value v) {
    if (v == VAL_TRUE) return 1;
    if (v == VAL_FALSE || v == VAL_NONE) return 0;
    if (val_is_small(v)) return val_small(v) != 0;
    Type *t = v->type;
    if (t->flags & TF_HEAPTYPE) {
        if (t->dunders[DUNDER_BOOL] || t->dunders[DUNDER_LEN]) return -2;
        return 1;
    }
    if (t->tp_bool) return t->tp_bool(v);
    if (t->tp_len) {
        int64_t n = t->tp_len(v);
        return n < 0 ? -1 : n != 0;
    }
    return 1;
}

// Generator bookkeeping when its frame is entered / left. The exception
// being handled (sys.exc_info()) inside a generator is its own if it is
// handling one, else its caller's (CPython's exc_info stack): while it runs,
// g->exc_info holds the caller's state; while it is suspended, its own.
static inline void gen_enter(Generator *g) {
    Value caller = vm.exc_info;
    if (g->exc_info != VAL_NONE) vm.exc_info = g->exc_info;
    g->exc_info = caller;
    g->state = GEN_RUNNING;
}
static inline void gen_leave(Generator *g, bool finished) {
    Value own = vm.exc_info;
    vm.exc_info = g->exc_info;
    g->exc_info = own == vm.exc_info ? VAL_NONE : own;
    if (finished) {
        g->state = GEN_FINISHED;
        g->frame = NULL;
    } else {
        g->state = GEN_SUSPENDED;
    }
}

// Start a next() on a generic iterator for a record: immediate value
// (item or ITER_DONE), or a record to run.
static Prep prepare_next(Value it, Value *out) {
    Type *t = val_type(it);
    if (t == &GeneratorType) {
        *out = it; // the caller resumes the generator
        return PREP_RECORD;
    }
    if (t->dunders[DUNDER_NEXT]) return prepare_call(t->dunders[DUNDER_NEXT], &it, 1, NULL, out);
    if (t->tp_next) {
        Value r = t->tp_next(it);
        if (!r) return PREP_ERROR;
        if (r == ITER_NEEDS_HELPER) {
            Helper *h = helper_new(t->next_helper);
            h->fields[0] = it;
            *out = (Value)h;
            return PREP_RECORD;
        }
        *out = r;
        return PREP_VALUE;
    }
    err_format(&TypeErrorType, "'%s' object is not an iterator", t->name);
    return PREP_ERROR;
}

// The generator side of throw() and of `yield from` delegation (gen.c).
Value gen_throw_exception(Value thrown);
bool gen_throw_is_exit(Value thrown);
Value gen_subclose_start(Value sub, Value thrown);
bool gen_subclose_outcome(Value v, Value *thrown, Value *error);

// The exception a throw of [thrown] raises in the generator frame [f],
// which runs: made (gen_throw_exception) in the context of its caller, as
// CPython does before resuming the generator. VAL_NULL: the throw fails.
static Value thrown_exception(Frame *f, Value thrown) {
    Generator *g = (Generator *)f->gen;
    Value own = vm.exc_info;
    vm.exc_info = g->exc_info; // the caller's while g runs (gen_enter)
    Value e = gen_throw_exception(thrown);
    vm.exc_info = own;
    return e;
}

// Check a generator can be resumed; raise if not. Returns false on error.
static bool gen_check_resume(Generator *g, Value sent, RunMode mode) {
    if (g->state == GEN_RUNNING) {
        err_format(&ValueErrorType, "generator already executing");
        return false;
    }
    if (g->state == GEN_CREATED && mode == RUN_SEND && sent && sent != VAL_NONE) {
        err_format(&TypeErrorType, "can't send non-None value to a just-started generator");
        return false;
    }
    return true;
}

// The frame of [g] prepared to receive [v] (RUN_SEND) or [exc] (RUN_THROW).
// Exhausted generators: returns NULL with *done set (ITER_DONE semantics).

// ---- public nested entry points ----------------------------------------------------------

// Resume protocol (resume.h): instead of preparing the record a request
// makes, take the next record of the chain being rebuilt (a generator frame
// as its generator, as prepare_next gives it).
static Prep resume_prep(Value *out) {
    Value rec = resume_next();
    *out = is_frame(rec) && ((Frame *)rec)->gen ? ((Frame *)rec)->gen : rec;
    return PREP_RECORD;
}

// Call [f] with a nested run of its record: a helper's request on the
// recursive drivers (part of the helper protocol, so not counted).
static Value call_record(Value f, Value *args, int nargs, Tuple *kwnames) {
    Value out;
    switch (resume_active() ? resume_prep(&out) : prepare_call(f, args, nargs, kwnames, &out)) {
    case PREP_VALUE: return out;
    case PREP_ERROR: return VAL_NULL;
    case PREP_RECORD: break;
    }
    return run_record_nested(out);
}

static Value gen_resume_nested(Generator *g, Value v, RunMode mode, Value *retval);

// Advance iterator [it] for a helper's HS_NEXT request (recursive drivers):
// the item, ITER_DONE, or VAL_NULL with an exception.
static Value next_record(Value it) {
    Value out, rv;
    switch (resume_active() ? resume_prep(&out) : prepare_next(it, &out)) {
    case PREP_VALUE: return out;
    case PREP_ERROR: break;
    case PREP_RECORD:
        if (val_is(out, &GeneratorType))
            out = gen_resume_nested((Generator *)out, VAL_NONE, RUN_SEND, &rv);
        else
            out = run_record_nested(out);
        if (out) return out;
        break;
    }
    if (err_matches(&StopIterationType)) {
        err_clear();
        return ITER_DONE;
    }
    return VAL_NULL;
}

Value vm_call_nested(Value f, Value *args, int nargs, Tuple *kwnames) {
    Value out;
    switch (prepare_call(f, args, nargs, kwnames, &out)) {
    case PREP_VALUE: return out;
    case PREP_ERROR: return VAL_NULL;
    case PREP_RECORD: break;
    }
    Value saved = vm.nested_fn;
    vm.nested_fn = f;
    vm.nesting++;
    Value r = run_record_nested(out);
    vm.nesting--;
    vm.nested_fn = saved;
    return r;
}

Value vm_run_toplevel(Value f) {
    return run_record_nested(f);
}

#if !STACKLESS
// Resume protocol: re-enter the record above a re-entered frame (the next
// one of the chain being rebuilt) as the suspended instruction's nested call
// did: a generator frame by resuming its generator, else by running it.
// Returns the result and how to deliver it, or VAL_NULL with an exception
// pending (never StopIteration from a generator frame: its unwind turns it
// into RuntimeError, so run() may treat every failure as nested_failed
// does). Out of line, returning in registers: keeps run()'s frame lean.
typedef struct {
    Value value;
    DeliverKind kind;
} Delivery;
__attribute__((noinline)) static Delivery resume_reissue(void) {
    Value rec = resume_next();
    if (!is_frame(rec) || !((Frame *)rec)->gen)
        return (Delivery){run_record_nested(rec), DELIVER_VALUE};
    Value rv = VAL_NONE;
    Value r = gen_resume_nested((Generator *)((Frame *)rec)->gen, VAL_NULL, RUN_SEND, &rv);
    if (r == ITER_DONE) return (Delivery){rv, DELIVER_RETURNED};
    return (Delivery){r, DELIVER_VALUE};
}
#endif

// Resume generator [g] nested: returns the yielded value, or ITER_DONE
// (with *retval set) when it returned, or VAL_NULL on error.
static Value gen_resume_nested(Generator *g, Value v, RunMode mode, Value *retval) {
    // (A generator of a chain being rebuilt is already running: not checked.)
    if (!resume_active() && !gen_check_resume(g, v, mode)) return VAL_NULL;
    if (g->state == GEN_FINISHED) {
        if (mode == RUN_THROW) {
            Value e = gen_throw_exception(v);
            return e ? err_raise(e) : VAL_NULL;
        }
        *retval = VAL_NONE;
        return ITER_DONE;
    }
    bool returned = false;
    Value r = run((Value)g->frame, v, mode, &returned);
    if (!r) return VAL_NULL;
    if (returned) {
        *retval = r;
        return ITER_DONE;
    }
    return r;
}

Value gen_next_nested(Value gen) {
    Value rv;
    Value saved = vm.nested_fn;
    vm.nested_fn = gen;
    vm.nesting++;
    Value r = gen_resume_nested((Generator *)gen, VAL_NONE, RUN_SEND, &rv);
    vm.nesting--;
    vm.nested_fn = saved;
    return r;
}

Value iter_next_via_helper(Value it) {
    Helper *h = helper_new(val_type(it)->next_helper);
    h->fields[0] = it;
    Value saved = vm.nested_fn;
    vm.nested_fn = it;
    vm.nesting++;
    Value r = vm_run_helper(h);
    vm.nesting--;
    vm.nested_fn = saved;
    return r;
}

// Perform helper [h]'s pending request as a nested call (recursive drivers).
static Value perform_request_nested(Helper *h, HelperStatus st) {
    switch (st) {
    case HS_CALL: {
        Tuple *a = h->req_args ? h->req_args : EMPTY_TUPLE;
        if (h->req_kwargs && h->req_kwargs->used) {
            Dict *kw = h->req_kwargs;
            int n = (int)a->len + (int)kw->used;
            Value *args = gc_alloc(sizeof(Value) * (size_t)n);
            memcpy(args, a->items, sizeof(Value) * (size_t)a->len);
            Tuple *names = tuple_new(kw->used);
            int64_t pos = 0, i = 0;
            Value k, v;
            while (dict_next(kw, &pos, &k, &v)) {
                names->items[i] = k;
                args[a->len + i] = v;
                i++;
            }
            return call_record(h->req_fn, args, n, names);
        }
        return call_record(h->req_fn, a->items, (int)a->len, NULL);
    }
    case HS_NEXT: return next_record(h->req_fn);
    case HS_SEND:
    case HS_THROW: {
        Value rv = VAL_NONE;
        Value r = gen_resume_nested((Generator *)h->req_fn, h->req_args->items[0],
                                    st == HS_SEND ? RUN_SEND : RUN_THROW, &rv);
        if (r == ITER_DONE) return err_raise_args(&StopIterationType, tuple_pack(1, rv));
        return r;
    }
    case HS_SWITCH:
#if STACKLESS
        // Scheduler helpers check vm_can_switch() first: never nested here.
        return err_format(&SystemErrorType, "tasklet switch requested by a nested helper");
#else
        return sched_transfer((Tasklet *)h->req_fn);
#endif
    default: return VAL_NULL;
    }
}

Value vm_run_helper(Helper *h) {
    Value in = VAL_NULL, out = VAL_NULL;
    HelperStatus st;
    bool resuming = resume_enter((Value)h);
    // The helper joins the record chain (the heap mirror of the C stack).
    h->back = vm.top;
    vm.top = (Value)h;
    if (resuming) {
        // Resume protocol (resume.h): h is re-entered suspended in its
        // request. It performs it again, into the record above, and is
        // stepped with the result; on top, that request was a switch, which
        // returns now.
        if (resume_active()) {
            st = (HelperStatus)h->req_kind;
            goto perform;
        }
        in = sched_take_resume(sched.current);
    }
    for (;;) {
        if (!vm_check_c_stack()) in = VAL_NULL;
        st = h->def->step(h, in, &out);
        switch (st) {
        case HS_RETURN: vm.top = h->back; return out;
        case HS_RAISE: vm.top = h->back; return VAL_NULL;
        default:
        perform:
            in = perform_request_nested(h, st);
            break;
        }
    }
}

// ---- tasklet switches ------------------------------------------------------------------

Str *vm_nested_name(Value f) {
    Type *t = val_type(f);
    if (t == &BoundMethodType) return vm_nested_name(((BoundMethod *)f)->func);
    if (t == &FuncType) return ((Func *)f)->qualname;
    if (t == &GeneratorType) return ((Generator *)f)->qualname;
    if (t == &TypeType) return ((Type *)f)->qualname;
    return str_from_cstr(t->name);
}

bool vm_switch_allowed(void) {
    return !STACKLESS || vm.nesting == 0;
}

bool vm_can_switch(void) {
    if (vm_switch_allowed()) return true;
    err_format(&RuntimeErrorType,
               "cannot switch tasklets inside '%S': it was called by C code that does not follow "
               "the helper protocol (nesting level %d)",
               vm_nested_name(vm.nested_fn ? vm.nested_fn : VAL_NONE), (int)vm.nesting);
    return false;
}

#if !STACKLESS
Value sched_transfer(Tasklet *to) {
    Tasklet *from = sched.current;
    sched_enter(to);
    strategy_switch(from, to);
    return sched_take_resume(sched.current);
}

// vm_run_resumed: the process's own first tasklet, which waits for the
// resumed main tasklet's outcome.
static Tasklet *resume_host;
static Value resumed_result, resumed_exc;

void sched_run_new_tasklet(Tasklet *t) {
    // sched_enter(t) loaded t's state: its chain is its start record.
    Value start = t->top;
    vm.top = VAL_NULL;
    if (t->started) {
        // Switched out before, its C stack gone (unpickled, or discarded by
        // the strategy): re-enter its chain in resume mode (resume.h).
        start = resume_begin(t);
    } else if (!sched_take_resume(t)) {
        // Thrown into before it started: the start record sees it pending.
    }
    if (t->is_main && resume_host) {
        // A main tasklet loaded by `prickle resume`: its bottom is the
        // program's module frame; when it ends, the program ends.
        resumed_result = run_record_nested(start);
        resumed_exc = resumed_result ? VAL_NULL : err_fetch();
        t->state = TS_DEAD; // (its C stack region is released by the switch)
        sched_enter(resume_host);
        strategy_switch(t, resume_host);
    } else {
        vm_run_helper((Helper *)start); // ends by switching away for good
    }
    fprintf(stderr, "prickle: internal error: a dead tasklet continued\n");
    abort();
}

Value vm_run_resumed(Tasklet *first) {
    // The running tasklet is the process's own (not main any more): it
    // hands over to [first] and waits until the main tasklet has finished.
    resume_host = sched.current;
    sched_enter(first);
    strategy_switch(resume_host, first);
    resume_host = NULL;
    if (!resumed_result) err_raise(resumed_exc);
    return resumed_result;
}
#else
Value vm_run_resumed(Tasklet *first) {
    Value bottom = sched.main->top;
    while (rec_back(bottom)) bottom = rec_back(bottom);
    sched_enter(first);
    return run(bottom, VAL_NULL, RUN_RESUME, NULL);
}
#endif

HelperStatus helper_resume_gen(Helper *h, int label, HelperStatus kind, Value gen, Value v) {
    h->label = label;
    h->req_kind = kind;
    h->req_fn = gen;
    h->req_args = tuple_pack(1, v);
    h->req_kwargs = NULL;
    return kind;
}

// ---- C stack guard (recursive drivers) -----------------------------------------------

bool vm_check_c_stack(void) {
    char here;
    if (vm.c_stack_limit && &here < vm.c_stack_limit) {
        recursion_error();
        return false;
    }
    return true;
}

// ---- dispatch --------------------------------------------------------------------------

#define SAVE_AT(i)                                                                                 \
    do {                                                                                           \
        f->ip = (i);                                                                               \
        f->sp = (int32_t)(sp - stack);                                                             \
    } while (0)
// Reload the registers of frame f (after entering or returning to it).
#define LOAD_FRAME()                                                                               \
    do {                                                                                           \
        co = f->code;                                                                              \
        instrs = co->instrs;                                                                       \
        consts = co->consts->items;                                                                \
        names = co->names->items;                                                                  \
        locals = f->slots;                                                                         \
        stack = frame_stack(f);                                                                    \
        sp = stack + f->sp;                                                                        \
        ip = instrs + f->ip;                                                                       \
    } while (0)
#define CUR_INDEX() ((int32_t)(ip - 1 - instrs))
#define PUSH(v) (*sp++ = (v))
#define POP() (*--sp)
#define TOP() (sp[-1])
#define PEEK(n) (sp[-(n)])

#if PRICKLE_COMPUTED_GOTO
#define DISPATCH()                                                                                 \
    do {                                                                                           \
        word = *ip++;                                                                              \
        arg = INSTR_ARG(word);                                                                     \
        goto *dispatch_table[INSTR_OP(word)];                                                      \
    } while (0)
#define CASE(op) L_##op:
#else
#define DISPATCH() goto dispatch
#define CASE(op) case OP_##op:
#endif

// Enter a prepared record from the current frame f, suspended at its
// current instruction. Stackless: link it and run it in this loop.
// Recursive: run it with a nested C call, then complete the instruction.
#if STACKLESS
#define ENTER_RECORD(rec)                                                                          \
    do {                                                                                           \
        SAVE_AT(CUR_INDEX());                                                                      \
        rec_set_back((rec), (Value)f);                                                             \
        vm.top = (rec);                                                                            \
        new_rec = (rec);                                                                           \
        goto enter_new;                                                                            \
    } while (0)
#else
#define ENTER_RECORD(rec)                                                                          \
    do {                                                                                           \
        SAVE_AT(CUR_INDEX());                                                                      \
        dval = run_record_nested(rec);                                                             \
        dkind = DELIVER_VALUE;                                                                     \
        if (!dval) goto nested_failed;                                                             \
        goto complete_here;                                                                        \
    } while (0)
#endif

// Handle a prepared call: a value is pushed; a record is entered.
#define FINISH_PREP(p, out)                                                                        \
    do {                                                                                           \
        if ((p) == PREP_VALUE) {                                                                   \
            PUSH(out);                                                                             \
            DISPATCH();                                                                            \
        }                                                                                          \
        if ((p) == PREP_ERROR) goto error;                                                         \
        ENTER_RECORD(out);                                                                         \
    } while (0)

// Handle a started operation (the obj_start_* / vmops_start_* style): its
// value [r] is pushed; else its record [rec] is entered; neither: an error.
#define FINISH_START(r, rec)                                                                       \
    do {                                                                                           \
        if (r) {                                                                                   \
            PUSH(r);                                                                               \
            DISPATCH();                                                                            \
        }                                                                                          \
        if (!(rec)) goto error;                                                                    \
        ENTER_RECORD(rec);                                                                         \
    } while (0)

// As FINISH_PREP for instructions whose callee's result is discarded
// (stores and deletes through __setattr__, __setitem__, properties, ...).
#define FINISH_PREP_DISCARD(p, out)                                                                \
    do {                                                                                           \
        if ((p) == PREP_VALUE) DISPATCH();                                                         \
        if ((p) == PREP_ERROR) goto error;                                                         \
        ENTER_RECORD(out);                                                                         \
    } while (0)

// Preemption check point (loop back-edges, function entries): when the
// tick budget of stackless.run(timeout) is used up, sync the frame at
// instruction [at] (where it continues) and switch to main.
#if STACKLESS
#define TICK(at)                                                                                   \
    do {                                                                                           \
        if (__builtin_expect(--sched.ticks_left <= 0, 0)) {                                        \
            Tasklet *to_;                                                                          \
            if (sched_preempt(&to_)) {                                                             \
                SAVE_AT(at);                                                                       \
                sched_enter(to_);                                                                  \
                goto resume_tasklet;                                                               \
            }                                                                                      \
        }                                                                                          \
    } while (0)
#else
#define TICK(at)                                                                                   \
    do {                                                                                           \
        if (__builtin_expect(--sched.ticks_left <= 0, 0)) {                                        \
            Tasklet *to_;                                                                          \
            if (sched_preempt(&to_)) {                                                             \
                SAVE_AT(at);                                                                       \
                if (!sched_transfer(to_)) {                                                        \
                    ip = instrs + (at) + 1;                                                        \
                    goto error;                                                                    \
                }                                                                                  \
            }                                                                                      \
        }                                                                                          \
    } while (0)
#endif

// Jump to instruction [target]; a backward jump is a preemption check point.
#define JUMP_TO(target)                                                                            \
    do {                                                                                           \
        if ((target) <= CUR_INDEX()) TICK(target);                                                 \
        ip = instrs + (target);                                                                    \
    } while (0)

#if STACKLESS
// Resume generator g on top of frame f (already saved), sending [sent].
#define RESUME_GEN(g, sent)                                                                        \
    do {                                                                                           \
        bool fresh_ = (g)->state == GEN_CREATED;                                                   \
        Frame *gf_ = (g)->frame;                                                                   \
        gf_->back = (Value)f;                                                                      \
        vm.top = (Value)gf_;                                                                       \
        gen_enter(g);                                                                              \
        f = gf_;                                                                                   \
        LOAD_FRAME();                                                                              \
        if (++vm.depth > vm.recursion_limit) {                                                     \
            recursion_error();                                                                     \
            goto error_at_ip;                                                                      \
        }                                                                                          \
        if (!fresh_) {                                                                             \
            PUSH(sent);                                                                            \
            ip++;                                                                                  \
        }                                                                                          \
        DISPATCH();                                                                                \
    } while (0)
#endif

extern const char *binop_symbol(int op);

// Run [entry] until it finishes. RUN_START: a fresh Frame or a Helper.
// RUN_SEND / RUN_THROW: a generator frame suspended at YIELD_VALUE (or
// fresh), receiving [input]. Returns the entry's result (for generator
// frames: the yielded value, or the return value with *returned set), or
// VAL_NULL with an exception pending.
static Value run(Value entry, Value input, RunMode mode, bool *returned) {
#if PRICKLE_COMPUTED_GOTO
    static void *const dispatch_table[OP_COUNT] = {
#define OP(name, ak, e, je, fl, po) &&L_##name,
#include "opcodes.def"
#undef OP
    };
#endif
    Frame *f = NULL;
    Code *co = NULL;
    uint32_t *instrs = NULL, *ip = NULL;
    Value *consts = NULL, *names = NULL, *locals = NULL, *stack = NULL, *sp = NULL;
    uint32_t word;
    int32_t arg;
    Value dval = VAL_NULL; // value being delivered
    DeliverKind dkind = DELIVER_VALUE;
    Value saved_top = vm.top;
    int64_t saved_depth = vm.depth;
    Value throw_exc = VAL_NULL; // exception being thrown into a generator
#if STACKLESS
    Value new_rec = VAL_NULL; // record being entered
    Helper *h = NULL;         // helper being stepped
    Value hin = VAL_NULL;     // its input
#endif

    if (!vm_check_c_stack()) {
        resume_abort(); // (a chain being rebuilt ends here)
        return VAL_NULL;
    }
#if STACKLESS
    if (mode == RUN_RESUME) {
        // vm_run_resumed: the main tasklet's bottom frame returns from here.
        saved_top = VAL_NULL;
        saved_depth = 0;
        goto resume_tasklet;
    }
#endif
    rec_set_back(entry, saved_top);
    vm.top = entry;

    if (!is_frame(entry)) {
#if STACKLESS
        new_rec = entry;
        goto enter_new;
#else
        vm.top = saved_top;
        return vm_run_helper((Helper *)entry);
#endif
    }
    f = (Frame *)entry;
#if !STACKLESS
    if (resume_enter(entry)) goto resume_frame;
#endif
    if (!f->gen) {
        if (++vm.depth > vm.recursion_limit) {
            // Raised before the frame runs: no traceback entry for it (as CPython).
            vm.depth = saved_depth;
            vm.top = saved_top;
            f->back = VAL_NULL;
            recursion_error();
            return VAL_NULL;
        }
        LOAD_FRAME();
        TICK(0);
        DISPATCH();
    }
    {
        // Resuming a generator frame.
        Generator *g = (Generator *)f->gen;
        if (!gen_check_resume(g, input, mode)) {
            vm.top = saved_top;
            f->back = VAL_NULL;
            return VAL_NULL;
        }
        bool fresh = g->state == GEN_CREATED;
        gen_enter(g);
        vm.depth++;
        LOAD_FRAME();
        if (mode != RUN_THROW) {
            if (!fresh) {
                PUSH(input ? input : VAL_NONE);
                ip++;
            }
            DISPATCH();
        }
        throw_exc = input;
        goto throw_into;
    }

    // Throw throw_exc into the generator frame f, just resumed (entered,
    // registers loaded), as CPython's _gen_throw. throw_exc is an exception
    // or the tuple of throw()'s arguments (gen_throw_exception). A frame
    // delegating with `yield from` (suspended at the YIELD_VALUE after a
    // SEND) hands it on first, waiting at the SEND again: a GeneratorExit
    // closes the sub-iterator (a gen_subclose_start record); anything else
    // is thrown into a sub-generator, or given to the throw method of
    // another iterator if it has one. Their outcome completes the SEND.
throw_into:
    if (f->ip > 0 && INSTR_OP(instrs[f->ip]) == OP_YIELD_VALUE &&
        INSTR_OP(instrs[f->ip - 1]) == OP_SEND) {
        Value yf = TOP();
        if (gen_throw_is_exit(throw_exc)) {
            Value rec = gen_subclose_start(yf, throw_exc);
            ip = instrs + f->ip; // just past the SEND
            ENTER_RECORD(rec);
        }
        if (val_is(yf, &GeneratorType)) {
            Generator *sg = (Generator *)yf;
            f->ip--;
            ip = instrs + f->ip + 1;
            SAVE_AT(f->ip);
#if STACKLESS
            if (sg->state == GEN_FINISHED || !gen_check_resume(sg, throw_exc, RUN_THROW)) {
                if (!err_occurred()) {
                    Value e = gen_throw_exception(throw_exc);
                    if (e) err_raise(e);
                }
                goto error_at_cur;
            }
            gen_enter(sg);
            vm.depth++;
            sg->frame->back = (Value)f;
            vm.top = (Value)sg->frame;
            f = sg->frame;
            LOAD_FRAME();
            goto throw_into;
#else
            Value rv;
            Value r = gen_resume_nested(sg, throw_exc, RUN_THROW, &rv);
            if (!r) goto error_at_cur;
            dval = r == ITER_DONE ? rv : r;
            dkind = r == ITER_DONE ? DELIVER_RETURNED : DELIVER_VALUE;
            goto complete_here;
#endif
        }
        Value m = obj_getattr_opt(yf, str_intern_cstr("throw"));
        if (!m && err_occurred()) goto throw_failed;
        if (m) {
            // m(*throw's arguments), completing the SEND.
            Value r;
            Prep p = val_is(throw_exc, &TupleType)
                         ? prepare_call(m, ((Tuple *)throw_exc)->items,
                                        (int)((Tuple *)throw_exc)->len, NULL, &r)
                         : prepare_call(m, &throw_exc, 1, NULL, &r);
            ip = instrs + f->ip; // just past the SEND
            if (p == PREP_RECORD) ENTER_RECORD(r);
            SAVE_AT(CUR_INDEX());
            if (p == PREP_VALUE) {
                dval = r;
                dkind = DELIVER_VALUE;
                goto complete_here;
            }
#if STACKLESS
            goto propagate; // (its StopIteration is the SEND's end)
#else
            goto nested_failed;
#endif
        }
    }
    {
        Value e = thrown_exception(f, throw_exc);
        if (!e) goto throw_failed;
        err_raise(e);
    }
    goto error_at_ip;

    // The throw into f fails without being raised in it (CPython's
    // _gen_throw returning the error): the generator stays as it was.
throw_failed : {
    Generator *g = (Generator *)f->gen;
    bool fresh = f->ip == 0;
    vm.depth--;
    gen_leave(g, false);
    if (fresh) g->state = GEN_CREATED;
    Value back = f->back;
    f->back = VAL_NULL;
    if ((Value)f == entry) {
        vm.top = saved_top;
        vm.depth = saved_depth;
        return VAL_NULL;
    }
    vm.top = back;
    goto propagate;
}

#if !PRICKLE_COMPUTED_GOTO
dispatch:
    word = *ip++;
    arg = INSTR_ARG(word);
    switch (INSTR_OP(word)) {
#endif

        CASE(NOP) {
            DISPATCH();
        }
        CASE(POP_TOP) {
            sp--;
            DISPATCH();
        }
        CASE(PUSH_NULL) {
            PUSH(VAL_NULL);
            DISPATCH();
        }
        CASE(COPY) {
            Value v = PEEK(arg);
            PUSH(v);
            DISPATCH();
        }
        CASE(SWAP) {
            Value t = TOP();
            TOP() = PEEK(arg);
            PEEK(arg) = t;
            DISPATCH();
        }
        CASE(LOAD_CONST) {
            PUSH(consts[arg]);
            DISPATCH();
        }
        CASE(LOAD_FAST) {
            Value v = locals[arg];
            if (!v) {
                err_format(
                    &UnboundLocalErrorType,
                    "cannot access local variable '%S' where it is not associated with a value",
                    (Str *)co->varnames->items[arg]);
                goto error;
            }
            PUSH(v);
            DISPATCH();
        }
        CASE(STORE_FAST) {
            locals[arg] = POP();
            DISPATCH();
        }
        CASE(DELETE_FAST) {
            if (!locals[arg]) {
                err_format(
                    &UnboundLocalErrorType,
                    "cannot access local variable '%S' where it is not associated with a value",
                    (Str *)co->varnames->items[arg]);
                goto error;
            }
            locals[arg] = VAL_NULL;
            DISPATCH();
        }
        CASE(LOAD_DEREF) {
            Cell *c = (Cell *)locals[co->nlocals + arg];
            if (!c->contents) goto unbound_deref;
            PUSH(c->contents);
            DISPATCH();
        }
        CASE(STORE_DEREF) {
            ((Cell *)locals[co->nlocals + arg])->contents = POP();
            DISPATCH();
        }
        CASE(DELETE_DEREF) {
            Cell *c = (Cell *)locals[co->nlocals + arg];
            if (!c->contents) goto unbound_deref;
            c->contents = VAL_NULL;
            DISPATCH();
        }
        CASE(LOAD_CLOSURE) {
            PUSH(locals[co->nlocals + arg]);
            DISPATCH();
        }
        CASE(LOAD_CLASSDEREF) {
            Str *name = arg < co->ncells ? (Str *)co->cellvars->items[arg]
                                         : (Str *)co->freevars->items[arg - co->ncells];
            Value v = f->locals ? dict_get_str(f->locals, name) : VAL_NULL;
            if (!v) {
                Cell *c = (Cell *)locals[co->nlocals + arg];
                if (!c->contents) goto unbound_deref;
                v = c->contents;
            }
            PUSH(v);
            DISPATCH();
        }
        CASE(LOAD_GLOBAL) {
            Str *name = (Str *)names[arg];
            Value v = dict_get_str(f->globals, name);
            if (!v) {
                v = dict_get_str(vm.builtins, name);
                if (!v) {
                    err_format(&NameErrorType, "name '%S' is not defined", name);
                    goto error;
                }
            }
            PUSH(v);
            DISPATCH();
        }
        CASE(STORE_GLOBAL) {
            dict_set_str(f->globals, (Str *)names[arg], POP());
            DISPATCH();
        }
        CASE(DELETE_GLOBAL) {
            int r = dict_del(f->globals, names[arg]);
            if (r <= 0) {
                if (r == 0)
                    err_format(&NameErrorType, "name '%S' is not defined", (Str *)names[arg]);
                goto error;
            }
            DISPATCH();
        }
        CASE(LOAD_NAME) {
            Str *name = (Str *)names[arg];
            Value v = f->locals ? dict_get_str(f->locals, name) : VAL_NULL;
            if (!v) v = dict_get_str(f->globals, name);
            if (!v) v = dict_get_str(vm.builtins, name);
            if (!v) {
                err_format(&NameErrorType, "name '%S' is not defined", name);
                goto error;
            }
            PUSH(v);
            DISPATCH();
        }
        CASE(STORE_NAME) {
            dict_set_str(f->locals ? f->locals : f->globals, (Str *)names[arg], POP());
            DISPATCH();
        }
        CASE(DELETE_NAME) {
            int r = dict_del(f->locals ? f->locals : f->globals, names[arg]);
            if (r <= 0) {
                if (r == 0)
                    err_format(&NameErrorType, "name '%S' is not defined", (Str *)names[arg]);
                goto error;
            }
            DISPATCH();
        }

        // ---- attributes
        CASE(LOAD_ATTR) {
            Value o = TOP();
            Str *name = (Str *)names[arg];
            Type *t = val_type(o);
            if ((t->flags & TF_HEAPTYPE) && !t->tp_getattr) {
                // Instance fast path: a plain value in the instance dict, not
                // shadowed by a data descriptor.
                Value v = dict_get_str(((Instance *)o)->dict, name);
                if (v && !t->dunders[DUNDER_GETATTRIBUTE]) {
                    Value d = type_lookup(t, name);
                    if (!d ||
                        (val_type(d) != &PropertyType && !(val_type(d)->flags & TF_HEAPTYPE))) {
                        TOP() = v;
                        DISPATCH();
                    }
                }
            }
            Value out, cargs[3];
            int nc;
            switch (attr_get(o, name, &out, cargs, &nc)) {
            case ATTR_FOUND: TOP() = out; DISPATCH();
            case ATTR_MISSING: attr_error(o, name); goto error;
            case ATTR_ERROR: goto error;
            case ATTR_CALL: {
                sp--;
                Value r;
                Prep p = getattr_prepare(o, name, out, cargs, nc, &r);
                FINISH_PREP(p, r);
            }
            }
            DISPATCH();
        }
        CASE(STORE_ATTR) {
            Value o = POP();
            Value v = POP();
            Str *name = (Str *)names[arg];
            Type *t = val_type(o);
            // (Not for `o.__dict__ = x`, which replaces the dict: attr_set.)
            if ((t->flags & TF_HEAPTYPE) && !t->tp_setattr && !t->dunders[DUNDER_SETATTR] &&
                !(name->len == 8 && memcmp(name->data, "__dict__", 8) == 0)) {
                Value d = type_lookup(t, name);
                if (!d || (val_type(d) != &PropertyType && !(val_type(d)->flags & TF_HEAPTYPE))) {
                    dict_set_str(((Instance *)o)->dict, name, v);
                    DISPATCH();
                }
            }
            Value r;
            Prep p = attr_store(o, name, v, &r);
            FINISH_PREP_DISCARD(p, r);
        }
        CASE(DELETE_ATTR) {
            Value o = POP();
            Value r;
            Prep p = attr_store(o, (Str *)names[arg], VAL_NULL, &r);
            FINISH_PREP_DISCARD(p, r);
        }
        CASE(LOAD_METHOD) {
            Value o = TOP();
            Str *name = (Str *)names[arg];
            Value meth;
            if (attr_get_method(o, name, &meth)) {
                TOP() = meth;
                PUSH(o);
                DISPATCH();
            }
            Value out, cargs[3];
            int nc;
            switch (attr_get(o, name, &out, cargs, &nc)) {
            case ATTR_FOUND:
                TOP() = VAL_NULL;
                PUSH(out);
                DISPATCH();
            case ATTR_MISSING: attr_error(o, name); goto error;
            case ATTR_ERROR: goto error;
            case ATTR_CALL: {
                TOP() = VAL_NULL;
                Value r;
                Prep p = getattr_prepare(o, name, out, cargs, nc, &r);
                FINISH_PREP(p, r);
            }
            }
            DISPATCH();
        }
        CASE(BINARY_SUBSCR) {
            Value k = POP();
            Value c = TOP();
            Type *t = val_type(c);
            if (t == &ListType && val_is_small(k)) {
                List *l = (List *)c;
                int64_t i = val_small(k);
                if (i < 0) i += l->len;
                if ((uint64_t)i < (uint64_t)l->len) {
                    TOP() = l->items[i];
                    DISPATCH();
                }
            }
            if (t->dunders[DUNDER_GETITEM]) {
                sp--;
                Value cargs[2] = {c, k}, r;
                Prep p = prepare_call(t->dunders[DUNDER_GETITEM], cargs, 2, NULL, &r);
                FINISH_PREP(p, r);
            }
            Value rec, r = obj_start_getitem(c, k, &rec);
            sp--;
            FINISH_START(r, rec);
        }
        CASE(STORE_SUBSCR) {
            Value k = POP();
            Value c = POP();
            Value v = POP();
            Type *t = val_type(c);
            if (t == &ListType && val_is_small(k)) {
                List *l = (List *)c;
                int64_t i = val_small(k);
                if (i < 0) i += l->len;
                if ((uint64_t)i < (uint64_t)l->len) {
                    l->items[i] = v;
                    DISPATCH();
                }
            }
            if (t->dunders[DUNDER_SETITEM]) {
                Value cargs[3] = {c, k, v}, r;
                Prep p = prepare_call(t->dunders[DUNDER_SETITEM], cargs, 3, NULL, &r);
                FINISH_PREP_DISCARD(p, r);
            }
            if (t == &DictType && !obj_has_user_hash(k)) {
                if (dict_set((Dict *)c, k, v) < 0) goto error;
                DISPATCH();
            }
            Value rec;
            if (obj_start_setitem(c, k, v, &rec)) DISPATCH();
            if (!rec) goto error;
            ENTER_RECORD(rec);
        }
        CASE(DELETE_SUBSCR) {
            Value k = POP();
            Value c = POP();
            Type *t = val_type(c);
            if (t->dunders[DUNDER_DELITEM]) {
                Value cargs[2] = {c, k}, r;
                Prep p = prepare_call(t->dunders[DUNDER_DELITEM], cargs, 2, NULL, &r);
                FINISH_PREP_DISCARD(p, r);
            }
            Value rec;
            if (obj_start_delitem(c, k, &rec)) DISPATCH();
            if (!rec) goto error;
            ENTER_RECORD(rec);
        }

        // ---- operators
        CASE(BINARY_OP) {
            Value b = POP();
            Value a = TOP();
            if (val_is_small(a) && val_is_small(b)) {
                int64_t x = val_small(a), y = val_small(b), r;
                switch (arg & (BINOP_INPLACE - 1)) {
                case BINOP_ADD:
                    r = x + y; // cannot overflow int64: both are 63-bit
                    if (val_fits_small(r)) {
                        TOP() = val_from_small(r);
                        DISPATCH();
                    }
                    break;
                case BINOP_SUB:
                    r = x - y;
                    if (val_fits_small(r)) {
                        TOP() = val_from_small(r);
                        DISPATCH();
                    }
                    break;
                case BINOP_MUL:
                    if (!__builtin_mul_overflow(x, y, &r) && val_fits_small(r)) {
                        TOP() = val_from_small(r);
                        DISPATCH();
                    }
                    break;
                case BINOP_AND: TOP() = val_from_small(x & y); DISPATCH();
                case BINOP_OR: TOP() = val_from_small(x | y); DISPATCH();
                case BINOP_XOR: TOP() = val_from_small(x ^ y); DISPATCH();
                default: break;
                }
                Value r2 = int_binop((BinOp)(arg & (BINOP_INPLACE - 1)), x, y);
                if (!r2) goto error;
                TOP() = r2;
                DISPATCH();
            }
            Type *ta = val_type(a), *tb = val_type(b);
            if (ta == &FloatType && (tb == &FloatType || val_is_small(b))) {
                double x = float_value(a),
                       y = tb == &FloatType ? float_value(b) : (double)val_small(b);
                switch (arg & (BINOP_INPLACE - 1)) {
                case BINOP_ADD: TOP() = float_new(x + y); DISPATCH();
                case BINOP_SUB: TOP() = float_new(x - y); DISPATCH();
                case BINOP_MUL: TOP() = float_new(x * y); DISPATCH();
                default: break;
                }
            } else if (val_is_small(a) && tb == &FloatType) {
                double x = (double)val_small(a), y = float_value(b);
                switch (arg & (BINOP_INPLACE - 1)) {
                case BINOP_ADD: TOP() = float_new(x + y); DISPATCH();
                case BINOP_SUB: TOP() = float_new(x - y); DISPATCH();
                case BINOP_MUL: TOP() = float_new(x * y); DISPATCH();
                default: break;
                }
            }
            if (!(ta->flags & TF_HEAPTYPE) && !(tb->flags & TF_HEAPTYPE) &&
                !(ta == &StrType && (arg & (BINOP_INPLACE - 1)) == BINOP_MOD)) {
                Value r = obj_binop((BinOp)arg, a, b);
                if (!r) goto error;
                TOP() = r;
                DISPATCH();
            }
            sp--;
            Value rec;
            Value r = vmops_start_binop(arg, a, b, &rec);
            FINISH_START(r, rec);
        }
        CASE(UNARY_OP) {
            Value a = TOP();
            if (arg == UNOP_NOT) {
                int t = fast_truth(a);
                if (t >= 0) {
                    TOP() = val_bool(!t);
                    DISPATCH();
                }
                if (t == -1) goto error;
                sp--;
                Helper *h = helper_new(&truth_helper);
                h->fields[0] = a;
                ENTER_RECORD((Value)h);
            }
            if (val_is_small(a) && arg == UNOP_NEG && val_small(a) != SMALL_MIN) {
                TOP() = val_from_small(-val_small(a));
                DISPATCH();
            }
            Type *t = val_type(a);
            static const DunderId ids[] = {DUNDER_NEG, DUNDER_POS, DUNDER_INVERT};
            if (t->dunders[ids[arg]]) {
                sp--;
                Value r;
                Prep p = prepare_call(t->dunders[ids[arg]], &a, 1, NULL, &r);
                FINISH_PREP(p, r);
            }
            Value r = obj_unop((UnOp)arg, a);
            if (!r) goto error;
            TOP() = r;
            DISPATCH();
        }
        CASE(COMPARE_OP) {
            Value b = POP();
            Value a = TOP();
            if (val_is_small(a) && val_is_small(b)) {
                int64_t x = val_small(a), y = val_small(b);
                bool r;
                switch (arg) {
                case CMP_LT: r = x < y; break;
                case CMP_LE: r = x <= y; break;
                case CMP_EQ: r = x == y; break;
                case CMP_NE: r = x != y; break;
                case CMP_GT: r = x > y; break;
                default: r = x >= y; break;
                }
                TOP() = val_bool(r);
                DISPATCH();
            }
            Type *ta = val_type(a), *tb = val_type(b);
            if (ta == &FloatType && tb == &FloatType) {
                double x = float_value(a), y = float_value(b);
                bool r;
                switch (arg) {
                case CMP_LT: r = x < y; break;
                case CMP_LE: r = x <= y; break;
                case CMP_EQ: r = x == y; break;
                case CMP_NE: r = x != y; break;
                case CMP_GT: r = x > y; break;
                default: r = x >= y; break;
                }
                TOP() = val_bool(r);
                DISPATCH();
            }
            if (!(ta->flags & TF_HEAPTYPE) && !(tb->flags & TF_HEAPTYPE) && ta != &TupleType &&
                ta != &ListType) {
                Value r = obj_compare(a, b, (CmpOp)arg);
                if (!r) goto error;
                TOP() = r;
                DISPATCH();
            }
            sp--;
            Value rec;
            Value r = vmops_start_compare((CmpOp)arg, a, b, &rec);
            FINISH_START(r, rec);
        }
        CASE(IS_OP) {
            Value b = POP();
            Value a = TOP();
            TOP() = val_bool((a == b) != (arg != 0));
            DISPATCH();
        }
        CASE(CONTAINS_OP) {
            Value c = POP();
            Value x = TOP();
            Value rec, r = obj_start_contains(c, x, &rec);
            if (r) {
                TOP() = val_bool((r == VAL_TRUE) != (arg != 0));
                DISPATCH();
            }
            if (!rec) goto error;
            sp--;
            ENTER_RECORD(rec);
        }

        // ---- building
        CASE(BUILD_TUPLE) {
            Tuple *t = tuple_from(sp - arg, arg);
            sp -= arg;
            PUSH((Value)t);
            DISPATCH();
        }
        CASE(BUILD_LIST) {
            List *l = list_from(sp - arg, arg);
            sp -= arg;
            PUSH((Value)l);
            DISPATCH();
        }
        CASE(BUILD_SET) {
            Set *s = set_new(&SetType);
            for (int i = arg; i > 0; i--) {
                if (__builtin_expect(obj_has_user_hash(PEEK(i)), 0)) {
                    // A Python __hash__ (and __eq__): the rest in a record.
                    Value rec = vmops_build((Value)s, sp - arg, arg, arg - i);
                    sp -= arg;
                    ENTER_RECORD(rec);
                }
                if (set_add(s, PEEK(i)) < 0) goto error;
            }
            sp -= arg;
            PUSH((Value)s);
            DISPATCH();
        }
        CASE(BUILD_MAP) {
            Dict *d = dict_new();
            for (int i = 2 * arg; i > 0; i -= 2) {
                if (__builtin_expect(obj_has_user_hash(PEEK(i)), 0)) {
                    Value rec = vmops_build((Value)d, sp - 2 * arg, arg, arg - i / 2);
                    sp -= 2 * arg;
                    ENTER_RECORD(rec);
                }
                if (dict_set(d, PEEK(i), PEEK(i - 1)) < 0) goto error;
            }
            sp -= 2 * arg;
            PUSH((Value)d);
            DISPATCH();
        }
        CASE(BUILD_STRING) {
            StrBuf b;
            strbuf_init(&b);
            for (int i = arg; i > 0; i--) strbuf_putstr(&b, (Str *)PEEK(i));
            sp -= arg;
            PUSH((Value)strbuf_finish(&b));
            DISPATCH();
        }
        CASE(BUILD_SLICE) {
            Value step = arg == 3 ? POP() : VAL_NONE;
            Value stop = POP();
            Value start = TOP();
            TOP() = slice_new(start, stop, step);
            DISPATCH();
        }
        CASE(LIST_APPEND) {
            Value v = POP();
            list_append((List *)PEEK(arg), v);
            DISPATCH();
        }
        CASE(SET_ADD) {
            Value v = POP();
            if (set_add((Set *)PEEK(arg), v) < 0) goto error;
            DISPATCH();
        }
        CASE(MAP_ADD) {
            Value v = POP();
            Value k = POP();
            if (dict_set((Dict *)PEEK(arg), k, v) < 0) goto error;
            DISPATCH();
        }
        CASE(LIST_EXTEND)
        CASE(SET_UPDATE) {
            Value it = POP();
            Value target = PEEK(arg);
            Type *t = val_type(it);
            if (INSTR_OP(word) == OP_SET_UPDATE &&
                (t == &SetType || t == &FrozenSetType || t == &DictType)) {
                // CPython's merge order for set.update(set/dict).
                if (set_update((Set *)target, it) < 0) goto error;
                DISPATCH();
            }
            if (t == &ListType || t == &TupleType) {
                Value *items = t == &ListType ? ((List *)it)->items : ((Tuple *)it)->items;
                int64_t n = t == &ListType ? ((List *)it)->len : ((Tuple *)it)->len;
                if (INSTR_OP(word) == OP_LIST_EXTEND) {
                    for (int64_t i = 0; i < n; i++) list_append((List *)target, items[i]);
                } else {
                    for (int64_t i = 0; i < n; i++)
                        if (set_add((Set *)target, items[i]) < 0) goto error;
                }
                DISPATCH();
            }
            Helper *h = helper_new(&extend_helper);
            h->fields[0] = target;
            h->fields[1] = it;
            ENTER_RECORD((Value)h);
        }
        CASE(DICT_UPDATE)
        CASE(DICT_MERGE) {
            Value m = POP();
            Dict *d = (Dict *)PEEK(arg);
            if (!val_is(m, &DictType)) {
                if (INSTR_OP(word) == OP_DICT_MERGE) {
                    Func *fn = NULL;
                    (void)fn;
                    err_format(&TypeErrorType, "argument after ** must be a mapping, not %s",
                               obj_type_name(m));
                } else {
                    err_format(&TypeErrorType, "'%s' object is not a mapping", obj_type_name(m));
                }
                goto error;
            }
            if (INSTR_OP(word) == OP_DICT_MERGE) {
                int64_t pos = 0;
                Value k, v;
                while (dict_next((Dict *)m, &pos, &k, &v)) {
                    Value old;
                    if (dict_lookup(d, k, &old) == 1) {
                        if (val_is(k, &StrType))
                            err_format(&TypeErrorType,
                                       "got multiple values for keyword argument '%S'", (Str *)k);
                        else
                            err_format(&TypeErrorType, "keywords must be strings");
                        goto error;
                    }
                    dict_set(d, k, v);
                }
            } else if (dict_update(d, (Dict *)m) < 0) {
                goto error;
            }
            DISPATCH();
        }
        CASE(LIST_TO_TUPLE) {
            List *l = (List *)TOP();
            TOP() = (Value)tuple_from(l->items, l->len);
            DISPATCH();
        }
        CASE(FORMAT_VALUE) {
            Value spec = (arg & 4) ? POP() : VAL_NULL;
            Value v = TOP();
            int conv = arg & 3;
            if (conv == 0 && !spec && val_is(v, &StrType)) DISPATCH();
            if (!obj_may_run_repr(v)) {
                Str *s = conv == 1   ? obj_str(v)
                         : conv == 2 ? obj_repr(v)
                         : conv == 3 ? obj_ascii(v)
                                     : NULL;
                if (conv && !s) goto error;
                if (spec || !conv) {
                    s = obj_format(conv ? (Value)s : v, spec ? (Str *)spec : str_empty());
                    if (!s) goto error;
                }
                TOP() = (Value)s;
                DISPATCH();
            }
            Value rec, r = vmops_start_format(v, conv, spec, &rec);
            sp--;
            FINISH_START(r, rec);
        }

        // ---- control flow
        CASE(JUMP) {
            JUMP_TO(arg);
            DISPATCH();
        }
        CASE(POP_JUMP_IF_FALSE) {
            Value v = POP();
            if (v == VAL_FALSE) {
                JUMP_TO(arg);
                DISPATCH();
            }
            if (v == VAL_TRUE) DISPATCH();
            int t = fast_truth(v);
            if (t == -1) goto error;
            if (t == -2) {
                Helper *h = helper_new(&truth_helper);
                h->fields[0] = v;
                ENTER_RECORD((Value)h);
            }
            if (!t) JUMP_TO(arg);
            DISPATCH();
        }
        CASE(POP_JUMP_IF_TRUE) {
            Value v = POP();
            if (v == VAL_TRUE) {
                JUMP_TO(arg);
                DISPATCH();
            }
            if (v == VAL_FALSE) DISPATCH();
            int t = fast_truth(v);
            if (t == -1) goto error;
            if (t == -2) {
                Helper *h = helper_new(&truth_helper);
                h->fields[0] = v;
                ENTER_RECORD((Value)h);
            }
            if (t) JUMP_TO(arg);
            DISPATCH();
        }
        CASE(JUMP_IF_FALSE_OR_POP)
        CASE(JUMP_IF_TRUE_OR_POP) {
            Value v = TOP();
            int t = fast_truth(v);
            if (t == -1) goto error;
            if (t == -2) {
                Helper *h = helper_new(&truth_helper);
                h->fields[0] = v;
                ENTER_RECORD((Value)h);
            }
            if ((INSTR_OP(word) == OP_JUMP_IF_TRUE_OR_POP) == (t != 0))
                ip = instrs + arg;
            else
                sp--;
            DISPATCH();
        }
        CASE(GET_ITER) {
        get_iter:;
            Value v = TOP();
            Type *t = val_type(v);
            if (t->dunders[DUNDER_ITER]) {
                sp--;
                Value r;
                Prep p = prepare_call(t->dunders[DUNDER_ITER], &v, 1, NULL, &r);
                FINISH_PREP(p, r);
            }
            Value it = obj_iter(v);
            if (!it) goto error;
            TOP() = it;
            DISPATCH();
        }
        CASE(FOR_ITER) {
            Value it = TOP();
            Type *t = val_type(it);
            if (t == &RangeIterType || t == &ListIterType || t == &TupleIterType ||
                (!(t->flags & TF_HEAPTYPE) && t->tp_next && t != &GeneratorType)) {
                Value v = t->tp_next(it);
                if (v == ITER_DONE) {
                    sp--;
                    ip = instrs + arg;
                    DISPATCH();
                }
                if (!v) goto error;
                if (v != ITER_NEEDS_HELPER) {
                    PUSH(v);
                    DISPATCH();
                }
                Helper *h = helper_new(t->next_helper);
                h->fields[0] = it;
                ENTER_RECORD((Value)h);
            }
            if (t == &GeneratorType) {
                Generator *g = (Generator *)it;
                if (g->state == GEN_FINISHED) {
                    sp--;
                    ip = instrs + arg;
                    DISPATCH();
                }
                if (g->state == GEN_RUNNING) {
                    err_format(&ValueErrorType, "generator already executing");
                    goto error;
                }
#if STACKLESS
                SAVE_AT(CUR_INDEX());
                RESUME_GEN(g, VAL_NONE);
#else
            SAVE_AT(CUR_INDEX());
            Value rv;
            Value r = gen_resume_nested(g, VAL_NONE, RUN_SEND, &rv);
            if (!r) goto error_at_cur;
            dval = r;
            dkind = DELIVER_VALUE;
            goto complete_here;
#endif
            }
            Value r;
            Prep p = prepare_next(it, &r);
            if (p == PREP_VALUE) {
                if (r == ITER_DONE) {
                    sp--;
                    ip = instrs + arg;
                    DISPATCH();
                }
                PUSH(r);
                DISPATCH();
            }
            if (p == PREP_ERROR) goto error;
            ENTER_RECORD(r);
        }
        CASE(UNPACK_SEQUENCE) {
            Value v = TOP();
            Type *t = val_type(v);
            if (t == &TupleType || t == &ListType) {
                Value *items = t == &TupleType ? ((Tuple *)v)->items : ((List *)v)->items;
                int64_t n = t == &TupleType ? ((Tuple *)v)->len : ((List *)v)->len;
                if (n == arg) {
                    sp--;
                    for (int64_t i = n - 1; i >= 0; i--) PUSH(items[i]);
                    DISPATCH();
                }
                if (n < arg)
                    err_format(&ValueErrorType,
                               "not enough values to unpack (expected %d, got %lld)", arg,
                               (long long)n);
                else
                    err_format(&ValueErrorType, "too many values to unpack (expected %d)", arg);
                goto error;
            }
            sp--;
            Helper *h = helper_new(&unpack_helper);
            h->fields[0] = v;
            h->fields[1] = int_from_i64(arg);
            h->fields[2] = int_from_i64(-1);
            ENTER_RECORD((Value)h);
        }
        CASE(UNPACK_EX) {
            Value v = POP();
            Helper *h = helper_new(&unpack_helper);
            h->fields[0] = v;
            h->fields[1] = int_from_i64(arg & 0xff);
            h->fields[2] = int_from_i64(arg >> 8);
            ENTER_RECORD((Value)h);
        }

        // ---- functions, classes, calls
        CASE(MAKE_FUNCTION) {
            Code *c = (Code *)POP();
            Func *fn = func_new(c, f->globals);
            if (arg & 4) fn->closure = (Tuple *)POP();
            if (arg & 2) fn->kwdefaults = (Dict *)POP();
            if (arg & 1) fn->defaults = (Tuple *)POP();
            PUSH((Value)fn);
            DISPATCH();
        }
        CASE(BUILD_CLASS) {
            Value *bases = sp - arg;
            Str *name = (Str *)PEEK(arg + 1);
            Value body = PEEK(arg + 2);
            sp -= arg + 2;
            Value rec;
            Value r = build_class_start(body, name, bases, arg, &rec);
            FINISH_START(r, rec);
        }
        CASE(CALL) {
            Value *args = sp - arg;
            Value callable;
            int n = arg;
            if (args[-2]) {
                // [meth, self, args...]: meth(self, args...)
                callable = args[-2];
                args--;
                n++;
            } else {
                callable = args[-1];
                if (val_type(callable) == &BoundMethodType) {
                    BoundMethod *m = (BoundMethod *)callable;
                    args[-1] = m->self;
                    callable = m->func;
                    args--;
                    n++;
                }
            }
            sp -= arg + 2;
            if (val_type(callable) == &FuncType) {
                Func *fn = (Func *)callable;
                Code *c = fn->code;
                if (n == c->argcount &&
                    !(c->flags & (CO_VARARGS | CO_VARKEYWORDS | CO_GENERATOR)) &&
                    c->kwonlyargcount == 0) {
                    Frame *nf = frame_new(c, fn, fn->globals, NULL);
                    for (int i = 0; i < n; i++) nf->slots[i] = args[i];
#if STACKLESS
                    SAVE_AT(CUR_INDEX());
                    nf->back = (Value)f;
                    vm.top = (Value)nf;
                    if (++vm.depth > vm.recursion_limit) {
                        vm.top = (Value)f;
                        vm.depth--;
                        recursion_error();
                        goto error;
                    }
                    f = nf;
                    LOAD_FRAME();
                    DISPATCH();
#else
                ENTER_RECORD((Value)nf);
#endif
                }
            } else if (val_type(callable) == &BuiltinType && !((Builtin *)callable)->helper &&
                       !((Builtin *)callable)->self) {
                SAVE_AT(CUR_INDEX());
                Value r = ((Builtin *)callable)->fn(args, n, NULL);
                if (!r) goto error;
                if (__builtin_expect(val_is(r, &HelperType), 0)) ENTER_RECORD(r);
                PUSH(r);
                DISPATCH();
            }
            SAVE_AT(CUR_INDEX());
            Value r;
            Prep p = prepare_call(callable, args, n, NULL, &r);
            FINISH_PREP(p, r);
        }
        CASE(CALL_KW) {
            Tuple *kwnames = (Tuple *)POP();
            Value *args = sp - arg;
            Value callable = args[-1];
            int n = arg;
            if (args[-2]) {
                callable = args[-2];
                args--;
                n++;
            }
            sp -= arg + 2;
            SAVE_AT(CUR_INDEX());
            Value r;
            Prep p = prepare_call(callable, args, n, kwnames, &r);
            FINISH_PREP(p, r);
        }
        CASE(CALL_EX) {
            Value kw = (arg & 1) ? POP() : VAL_NULL;
            Value pargs = POP();
            Value callable = POP();
            sp--; // NULL
            if (!val_is(pargs, &TupleType)) {
                err_format(&TypeErrorType, "argument after * must be an iterable, not %s",
                           obj_type_name(pargs));
                goto error;
            }
            Tuple *pt = (Tuple *)pargs;
            Value *args = pt->items;
            int n = (int)pt->len;
            Tuple *kwnames = NULL;
            if (kw && ((Dict *)kw)->used) {
                Dict *d = (Dict *)kw;
                args = gc_alloc(sizeof(Value) * (size_t)(n + d->used));
                memcpy(args, pt->items, sizeof(Value) * (size_t)n);
                kwnames = tuple_new(d->used);
                int64_t pos = 0, i = 0;
                Value k, v;
                while (dict_next(d, &pos, &k, &v)) {
                    if (!val_is(k, &StrType)) {
                        err_format(&TypeErrorType, "keywords must be strings");
                        goto error;
                    }
                    kwnames->items[i] = k;
                    args[n + i] = v;
                    i++;
                }
                n += (int)d->used;
            }
            SAVE_AT(CUR_INDEX());
            Value r;
            Prep p = prepare_call(callable, args, n, kwnames, &r);
            FINISH_PREP(p, r);
        }
        CASE(RETURN_VALUE) {
            dval = POP();
            if (f->init_self) {
                if (dval != VAL_NONE) {
                    err_format(&TypeErrorType, "__init__() should return None, not '%s'",
                               obj_type_name(dval));
                    goto error;
                }
                dval = f->init_self;
            }
            SAVE_AT(CUR_INDEX());
            vm.depth--;
            if (f->gen) {
                gen_leave((Generator *)f->gen, true);
                dkind = DELIVER_RETURNED;
            } else {
                dkind = DELIVER_VALUE;
            }
            goto frame_done;
        }
        CASE(YIELD_VALUE) {
            dval = POP();
            SAVE_AT(CUR_INDEX());
            vm.depth--;
            gen_leave((Generator *)f->gen, false);
            dkind = DELIVER_VALUE;
            goto frame_done;
        }
        CASE(GET_YIELD_FROM_ITER) {
            // Generators are kept as they are; anything else as GET_ITER.
            if (val_is(TOP(), &GeneratorType)) DISPATCH();
            goto get_iter;
        }
        CASE(SEND) {
            Value v = POP();
            Value it = TOP();
            if (val_is(it, &GeneratorType)) {
                Generator *g = (Generator *)it;
                if (g->state == GEN_FINISHED) {
                    sp--;
                    PUSH(VAL_NONE);
                    ip = instrs + arg;
                    DISPATCH();
                }
                if (!gen_check_resume(g, v, RUN_SEND)) goto error;
#if STACKLESS
                SAVE_AT(CUR_INDEX());
                RESUME_GEN(g, v);
#else
            SAVE_AT(CUR_INDEX());
            Value rv;
            Value r = gen_resume_nested(g, v, RUN_SEND, &rv);
            if (!r) goto error_at_cur;
            if (r == ITER_DONE) {
                dval = rv;
                dkind = DELIVER_RETURNED;
            } else {
                dval = r;
                dkind = DELIVER_VALUE;
            }
            goto complete_here;
#endif
            }
            // A non-generator iterator: next() for None, else its send method.
            Value r;
            Prep p;
            if (v == VAL_NONE) {
                p = prepare_next(it, &r);
            } else {
                Value m = obj_getattr(it, str_intern_cstr("send"));
                if (!m) goto error;
                p = prepare_call(m, &v, 1, NULL, &r);
            }
            if (p == PREP_ERROR) goto error;
            if (p == PREP_VALUE) {
                if (r == ITER_DONE) {
                    sp--;
                    PUSH(VAL_NONE);
                    ip = instrs + arg;
                    DISPATCH();
                }
                PUSH(r);
                DISPATCH();
            }
            ENTER_RECORD(r);
        }

        // ---- exceptions
        CASE(RAISE_VARARGS) {
            if (arg == 0) {
                if (vm.exc_info == VAL_NONE || !vm.exc_info) {
                    err_format(&RuntimeErrorType, "No active exception to reraise");
                    goto error;
                }
                vm.exc = vm.exc_info;
                goto error_noadd;
            }
            Value cause = arg == 2 ? POP() : VAL_NULL;
            Value exc = POP();
            if (val_is(exc, &TypeType)) {
                if (!type_is_subtype((Type *)exc, &BaseExceptionType)) {
                    err_format(&TypeErrorType, "exceptions must derive from BaseException");
                    goto error;
                }
                // Instantiate the class (its __init__ may be Python code).
                Value r;
                Prep p = prepare_call(exc, NULL, 0, NULL, &r);
                if (p == PREP_ERROR) goto error;
                if (p == PREP_RECORD) {
                    SAVE_AT(CUR_INDEX());
                    vm.nesting++;
                    r = run_record_nested(r);
                    vm.nesting--;
                    if (!r) goto error;
                }
                exc = r;
            }
            if (!val_isinstance(exc, &BaseExceptionType)) {
                err_format(&TypeErrorType, "exceptions must derive from BaseException");
                goto error;
            }
            if (cause) {
                if (val_is(cause, &TypeType) &&
                    type_is_subtype((Type *)cause, &BaseExceptionType)) {
                    cause = (Value)exc_new((Type *)cause, NULL);
                } else if (cause != VAL_NONE && !val_isinstance(cause, &BaseExceptionType)) {
                    err_format(&TypeErrorType, "exception causes must derive from BaseException");
                    goto error;
                }
                ((Exc *)exc)->cause = cause;
                ((Exc *)exc)->suppress_context = 1;
            }
            err_raise(exc);
            goto error;
        }
        CASE(RERAISE) {
            // (CPython 3.11 also restores f_lasti from stack[-(arg+1)]; handler
            // lookup and tracebacks do not depend on it, so neither do we.)
            Value exc = POP();
            vm.exc = exc;
            goto error_noadd;
        }
        CASE(PUSH_EXC_INFO) {
            Value exc = TOP();
            TOP() = vm.exc_info ? vm.exc_info : VAL_NONE;
            PUSH(exc);
            vm.exc_info = exc;
            DISPATCH();
        }
        CASE(POP_EXCEPT) {
            vm.exc_info = POP();
            DISPATCH();
        }
        CASE(CHECK_EXC_MATCH) {
            Value t = POP();
            Value exc = TOP();
            bool m = false;
            if (val_is(t, &TupleType)) {
                Tuple *tt = (Tuple *)t;
                for (int64_t i = 0; i < tt->len; i++) {
                    if (!val_is(tt->items[i], &TypeType) ||
                        !type_is_subtype((Type *)tt->items[i], &BaseExceptionType)) {
                        err_format(&TypeErrorType, "catching classes that do not inherit from "
                                                   "BaseException is not allowed");
                        goto error;
                    }
                    if (val_isinstance(exc, (Type *)tt->items[i])) m = true;
                }
            } else {
                if (!val_is(t, &TypeType) || !type_is_subtype((Type *)t, &BaseExceptionType)) {
                    err_format(
                        &TypeErrorType,
                        "catching classes that do not inherit from BaseException is not allowed");
                    goto error;
                }
                m = val_isinstance(exc, (Type *)t);
            }
            PUSH(val_bool(m));
            DISPATCH();
        }
        CASE(LOAD_ASSERTION_ERROR) {
            PUSH((Value)&AssertionErrorType);
            DISPATCH();
        }
        CASE(BEFORE_WITH) {
            Value mgr = TOP();
            Type *t = val_type(mgr);
            Value enter = t->dunders[DUNDER_ENTER], exitf = t->dunders[DUNDER_EXIT];
            if (!enter || !exitf) {
                Str *en = str_intern_cstr("__enter__"), *ex = str_intern_cstr("__exit__");
                if (!enter) enter = type_lookup(t, en);
                if (!exitf) exitf = type_lookup(t, ex);
            }
            if (!enter) {
                err_format(&TypeErrorType,
                           "'%s' object does not support the context manager protocol", t->name);
                goto error;
            }
            if (!exitf) {
                err_format(&TypeErrorType,
                           "'%s' object does not support the context manager protocol (missed "
                           "__exit__ method)",
                           t->name);
                goto error;
            }
            Value bexit = val_type(exitf)->tp_descr_get
                              ? val_type(exitf)->tp_descr_get(exitf, mgr, t)
                              : exitf;
            TOP() = bexit;
            Value r;
            Prep p;
            if (val_type(enter) == &FuncType) {
                p = prepare_call(enter, &mgr, 1, NULL, &r);
            } else {
                Value be = val_type(enter)->tp_descr_get
                               ? val_type(enter)->tp_descr_get(enter, mgr, t)
                               : enter;
                p = prepare_call(be, NULL, 0, NULL, &r);
            }
            FINISH_PREP(p, r);
        }
        CASE(WITH_EXCEPT_START) {
            Value exc = PEEK(1);
            Value exitf = PEEK(4);
            Value cargs[3] = {(Value)val_type(exc), exc, ((Exc *)exc)->traceback};
            SAVE_AT(CUR_INDEX());
            Value r;
            Prep p = prepare_call(exitf, cargs, 3, NULL, &r);
            FINISH_PREP(p, r);
        }

        // ---- modules
        CASE(IMPORT_NAME) {
            Value fromlist = POP();
            Value rec;
            SAVE_AT(CUR_INDEX());
            Value r = import_name((Str *)names[arg], fromlist, f->globals, &rec);
            FINISH_START(r, rec);
        }
        CASE(IMPORT_FROM) {
            Value m = TOP();
            Str *name = (Str *)names[arg];
            Value v = obj_getattr_opt(m, name);
            if (!v) {
                if (err_occurred()) goto error;
                Str *mn = val_is(m, &ModuleType) ? ((Module *)m)->name : str_from_cstr("?");
                err_format(&ImportErrorType, "cannot import name '%S' from '%S'", name, mn);
                goto error;
            }
            PUSH(v);
            DISPATCH();
        }
        CASE(IMPORT_STAR) {
            Value m = POP();
            if (!val_is(m, &ModuleType)) {
                err_format(&TypeErrorType, "import * needs a module");
                goto error;
            }
            Dict *src = ((Module *)m)->dict;
            Dict *dst = f->locals ? f->locals : f->globals;
            int64_t pos = 0;
            Value k, v;
            while (dict_next(src, &pos, &k, &v))
                if (val_is(k, &StrType) && ((Str *)k)->data[0] != '_') dict_set(dst, k, v);
            DISPATCH();
        }

#if !PRICKLE_COMPUTED_GOTO
    default: err_format(&SystemErrorType, "unknown opcode %d", (int)INSTR_OP(word)); goto error;
    }
#endif

unbound_deref : {
    int32_t ci = arg;
    if (ci < co->ncells)
        err_format(&UnboundLocalErrorType,
                   "cannot access local variable '%S' where it is not associated with a value",
                   (Str *)co->cellvars->items[ci]);
    else
        err_format(&NameErrorType,
                   "cannot access free variable '%S' where it is not associated with a value in "
                   "enclosing scope",
                   (Str *)co->freevars->items[ci - co->ncells]);
    goto error;
}

// ---- entering a record, stepping helpers (stackless) ---------------------------
#if STACKLESS
enter_new:
    if (is_frame(new_rec)) {
        f = (Frame *)new_rec;
        if (++vm.depth > vm.recursion_limit) {
            vm.depth--;
            vm.top = f->back;
            recursion_error();
            goto propagate;
        }
        LOAD_FRAME();
        TICK(0);
        DISPATCH();
    }
    h = (Helper *)new_rec;
    hin = VAL_NULL;
    // fall through
step_helper:
    // Step helper h (== vm.top) with input hin; perform its requests.
    for (;;) {
        HelperStatus st = h->def->step(h, hin, &dval);
        if (st == HS_RETURN || st == HS_RAISE) {
            vm.top = h->back;
            if ((Value)h == entry) {
                vm.top = saved_top;
                vm.depth = saved_depth;
                return st == HS_RETURN ? dval : VAL_NULL;
            }
            if (st == HS_RAISE) goto propagate;
            dkind = DELIVER_VALUE;
            goto deliver;
        }
        if (st == HS_SWITCH) {
            sched_enter((Tasklet *)h->req_fn);
            goto resume_tasklet;
        }
        Value rec = VAL_NULL;
        Prep p;
        if (st == HS_CALL) {
            Tuple *a = h->req_args ? h->req_args : EMPTY_TUPLE;
            if (h->req_kwargs && h->req_kwargs->used) {
                Dict *kw = h->req_kwargs;
                int n = (int)a->len + (int)kw->used;
                Value *args = gc_alloc(sizeof(Value) * (size_t)n);
                memcpy(args, a->items, sizeof(Value) * (size_t)a->len);
                Tuple *kn = tuple_new(kw->used);
                int64_t pos = 0, i = 0;
                Value k, v;
                while (dict_next(kw, &pos, &k, &v)) {
                    kn->items[i] = k;
                    args[a->len + i] = v;
                    i++;
                }
                p = prepare_call(h->req_fn, args, n, kn, &rec);
            } else {
                p = prepare_call(h->req_fn, a->items, (int)a->len, NULL, &rec);
            }
        } else if (st == HS_NEXT) {
            p = prepare_next(h->req_fn, &rec);
        } else {
            p = PREP_RECORD;
            rec = h->req_fn; // HS_SEND / HS_THROW: a generator
            if (!val_is(rec, &GeneratorType)) {
                err_format(&TypeErrorType, "send/throw request on a non-generator");
                p = PREP_ERROR;
            }
        }
        if (p == PREP_VALUE) {
            hin = rec;
            continue;
        }
        if (p == PREP_ERROR) {
            hin = VAL_NULL;
            if (st == HS_NEXT && err_matches(&StopIterationType)) {
                err_clear();
                hin = ITER_DONE;
            }
            continue;
        }
        if (val_is(rec, &GeneratorType)) {
            Generator *g = (Generator *)rec;
            Value sent = st == HS_NEXT ? VAL_NONE : h->req_args->items[0];
            RunMode m = st == HS_THROW ? RUN_THROW : RUN_SEND;
            if (!gen_check_resume(g, sent, m)) {
                hin = VAL_NULL;
                continue;
            }
            if (g->state == GEN_FINISHED) {
                hin = VAL_NULL;
                if (m == RUN_THROW) {
                    Value e = gen_throw_exception(sent);
                    if (e) err_raise(e);
                } else if (st == HS_NEXT)
                    hin = ITER_DONE;
                else
                    err_raise_args(&StopIterationType, tuple_pack(1, VAL_NONE));
                continue;
            }
            bool fresh = g->state == GEN_CREATED;
            f = g->frame;
            f->back = (Value)h;
            vm.top = (Value)f;
            gen_enter(g);
            vm.depth++;
            LOAD_FRAME();
            if (m == RUN_THROW) {
                throw_exc = sent;
                goto throw_into;
            }
            if (!fresh) {
                PUSH(sent);
                ip++;
            }
            DISPATCH();
        }
        rec_set_back(rec, (Value)h);
        vm.top = rec;
        new_rec = rec;
        goto enter_new;
    }
#endif

#if STACKLESS
    // ---- a tasklet switch: continue the chain of sched.current -------------------------
resume_tasklet : {
    Tasklet *t = sched.current;
    if (t->resume == RESUME_CONTINUE) {
        // Preempted: its top frame continues where it was interrupted.
        t->resume = RESUME_DELIVER;
        f = (Frame *)vm.top;
        LOAD_FRAME();
        if (t->resume_exc) {
            vm.exc = t->resume_exc;
            t->resume_exc = VAL_NULL;
            goto error_at_ip;
        }
        DISPATCH();
    }
    dval = sched_take_resume(t);
    if (!dval) goto propagate;
    dkind = DELIVER_VALUE;
    goto deliver;
}
#endif

    // ---- leaving a frame -------------------------------------------------------------------
frame_done : {
    Value back = f->back;
    if (f->gen) f->back = VAL_NULL;
    if ((Value)f == entry) {
        vm.top = saved_top;
        vm.depth = saved_depth;
        if (returned) *returned = dkind == DELIVER_RETURNED;
        f->back = VAL_NULL;
        return dval;
    }
    vm.top = back;
    goto deliver;
}

    // ---- delivering a result to the record on top --------------------------------------
deliver:
#if STACKLESS
    if (!is_frame(vm.top)) {
        h = (Helper *)vm.top;
        hin = dval;
        if (dkind == DELIVER_RETURNED) {
            // A generator the helper resumed has returned.
            if (h->req_kind == HS_NEXT) {
                hin = ITER_DONE;
            } else {
                err_raise_args(&StopIterationType, tuple_pack(1, dval));
                hin = VAL_NULL;
            }
        }
        goto step_helper;
    }
    f = (Frame *)vm.top;
    LOAD_FRAME();
    ip++; // past the suspended instruction
#endif
    goto complete_here;

    // ---- completing the suspended instruction of f with dval -----------------------------
complete_here : {
    // ip points just past the suspended instruction.
    uint32_t w = ip[-1];
    switch (INSTR_OP(w)) {
    case OP_STORE_ATTR:
    case OP_DELETE_ATTR:
    case OP_STORE_SUBSCR:
    case OP_DELETE_SUBSCR:
    case OP_LIST_EXTEND:
    case OP_SET_UPDATE: DISPATCH();
    case OP_CONTAINS_OP: {
        int t = obj_truth(dval);
        if (t < 0) goto error;
        PUSH(val_bool((t != 0) != (INSTR_ARG(w) != 0)));
        DISPATCH();
    }
    case OP_UNARY_OP:
        if (INSTR_ARG(w) == UNOP_NOT) {
            PUSH(val_bool(dval == VAL_FALSE));
            DISPATCH();
        }
        PUSH(dval);
        DISPATCH();
    case OP_POP_JUMP_IF_FALSE:
        if (dval == VAL_FALSE) ip = instrs + INSTR_ARG(w);
        DISPATCH();
    case OP_POP_JUMP_IF_TRUE:
        if (dval == VAL_TRUE) ip = instrs + INSTR_ARG(w);
        DISPATCH();
    case OP_JUMP_IF_FALSE_OR_POP:
        if (dval == VAL_FALSE)
            ip = instrs + INSTR_ARG(w);
        else
            sp--;
        DISPATCH();
    case OP_JUMP_IF_TRUE_OR_POP:
        if (dval == VAL_TRUE)
            ip = instrs + INSTR_ARG(w);
        else
            sp--;
        DISPATCH();
    case OP_FOR_ITER:
        if (dval == ITER_DONE || dkind == DELIVER_RETURNED) {
            sp--;
            ip = instrs + INSTR_ARG(w);
            DISPATCH();
        }
        PUSH(dval);
        DISPATCH();
    case OP_SEND: {
        Value thrown, cerr;
        if (val_is(dval, &HelperType) && gen_subclose_outcome(dval, &thrown, &cerr)) {
            // The sub-iterator closed for a GeneratorExit thrown in
            // (throw_into): its error, else the GeneratorExit, is raised
            // here (as CPython's _gen_throw, unless making it fails).
            if (!cerr) cerr = thrown_exception(f, thrown);
            if (!cerr) {
                SAVE_AT(CUR_INDEX() + 1); // back at the YIELD_VALUE
                goto throw_failed;
            }
            err_raise(cerr);
            goto error;
        }
        if (dkind == DELIVER_RETURNED || dval == ITER_DONE) {
            sp--;
            PUSH(dkind == DELIVER_RETURNED ? dval : VAL_NONE);
            ip = instrs + INSTR_ARG(w);
            DISPATCH();
        }
        PUSH(dval);
        DISPATCH();
    }
    case OP_UNPACK_SEQUENCE:
    case OP_UNPACK_EX: {
        Tuple *t = (Tuple *)dval;
        for (int64_t i = t->len - 1; i >= 0; i--) PUSH(t->items[i]);
        DISPATCH();
    }
    case OP_YIELD_VALUE: PUSH(dval); DISPATCH();
    case OP_GET_ITER:
    case OP_GET_YIELD_FROM_ITER: {
        // The result of a user __iter__ must be an iterator.
        Type *rt = val_type(dval);
        if (!rt->tp_next && !rt->dunders[DUNDER_NEXT] && rt != &GeneratorType) {
            err_format(&TypeErrorType, "iter() returned non-iterator of type '%s'", rt->name);
            goto error;
        }
        PUSH(dval);
        DISPATCH();
    }
    default: PUSH(dval); DISPATCH();
    }
}

    // ---- exceptions --------------------------------------------------------------------------
error_at_ip:
    // Raised at f->ip itself (entering a frame, or throwing into a generator).
    ip = instrs + f->ip + 1;
    goto error;
error_at_cur:
    // Raised by a nested call from the suspended instruction (recursive driver).
    ip = instrs + f->ip + 1;
    goto error;
error : {
    int32_t at = CUR_INDEX();
    add_traceback(f, at);
    goto unwind;
}
error_noadd:
unwind : {
    int32_t at = CUR_INDEX();
    Value exc = vm.exc;
    // FOR_ITER / SEND treat StopIteration from a __next__ call as exhaustion.
    for (int32_t i = 0; i < co->nexc; i++) {
        ExcEntry *e = &co->exctable[i];
        if (at >= e->start && at < e->end) {
            sp = stack + e->depth;
            if (e->lasti) PUSH(val_from_small(at));
            PUSH(exc);
            vm.exc = VAL_NULL;
            ip = instrs + e->target;
            DISPATCH();
        }
    }
    // Not handled here: leave the frame.
    SAVE_AT(at);
    vm.depth--;
    Value back = f->back;
    if (f->gen) {
        Generator *g = (Generator *)f->gen;
        gen_leave(g, true);
        if (val_isinstance(exc, &StopIterationType)) {
            Value e = err_fetch();
            err_format(&RuntimeErrorType, "generator raised StopIteration");
            ((Exc *)vm.exc)->cause = e;
            ((Exc *)vm.exc)->context = e;
            ((Exc *)vm.exc)->suppress_context = 1;
        }
        f->back = VAL_NULL;
    }
    if ((Value)f == entry) {
        vm.top = saved_top;
        vm.depth = saved_depth;
        return VAL_NULL;
    }
    vm.top = back;
    goto propagate;
}

#if !STACKLESS
nested_failed : {
    // A nested call from the suspended instruction raised. FOR_ITER and
    // SEND treat StopIteration from a __next__/send call as the end.
    Opcode op = INSTR_OP(ip[-1]);
    if ((op == OP_FOR_ITER || op == OP_SEND) && err_matches(&StopIterationType)) {
        Value e = err_fetch();
        dval = op == OP_SEND ? ((Exc *)e)->value : ITER_DONE;
        dkind = op == OP_SEND ? DELIVER_RETURNED : DELIVER_VALUE;
        goto complete_here;
    }
    goto error_at_cur;
}

    // ---- the resume protocol (resume.h) ------------------------------------------------------
resume_frame:
    // f is re-entered, suspended at f->ip, while its tasklet's chain is
    // rebuilt on a fresh C stack. Its entry bookkeeping (gen_enter) was done
    // when it first ran; only the depth is counted again.
    vm.depth++;
    LOAD_FRAME();
    if (resume_active()) {
        // Re-issue the call of the suspended instruction into the record
        // above, and complete the instruction with its outcome as the
        // nested paths do (ENTER_RECORD; FOR_ITER and SEND on a generator).
        ip++;
        Delivery d = resume_reissue();
        dval = d.value;
        dkind = d.kind;
        if (!dval) goto nested_failed;
        goto complete_here;
    }
    // The top record: it was preempted (resume_check), so it continues at
    // its ip, as after the switch in TICK.
    if (!sched_take_resume(sched.current)) goto error_at_ip;
    DISPATCH();
#endif

propagate : {
#if STACKLESS
    // An exception arrives at the record vm.top from the record above.
    if (!is_frame(vm.top)) {
        h = (Helper *)vm.top;
        hin = VAL_NULL;
        if (h->req_kind == HS_NEXT && err_matches(&StopIterationType)) {
            err_clear();
            hin = ITER_DONE;
        }
        goto step_helper;
    }
    f = (Frame *)vm.top;
    LOAD_FRAME();
    ip++;
    {
        uint32_t w = ip[-1];
        Opcode op = INSTR_OP(w);
        if ((op == OP_FOR_ITER || op == OP_SEND) && err_matches(&StopIterationType)) {
            Value e = err_fetch();
            dval = op == OP_SEND ? ((Exc *)e)->value : ITER_DONE;
            dkind = op == OP_SEND ? DELIVER_RETURNED : DELIVER_VALUE;
            goto complete_here;
        }
    }
    goto error;
#else
    vm.top = saved_top;
    vm.depth = saved_depth;
    return VAL_NULL;
#endif
}
    __builtin_unreachable();
}
