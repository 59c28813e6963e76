// sched.c — the scheduler: the run queue, the tasklet type, the `stackless`
// module functions, and the switch bookkeeping shared by every driver
// (docs/TASKLETS.md is the contract; channel.c holds the channel type).
//
// Operations that may switch are helpers: at label 0 they decide, update
// the run queue and return HS_SWITCH (sched_switch_to); the driver switches;
// when the tasklet is switched back in, the helper is stepped again at
// label 1 ("resumed") with the value or exception left for it.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "containers.h"
#include "err.h"
#include "func.h"
#include "module.h"
#include "num.h"
#include "ops.h"
#include "sched_impl.h"
#include "sched_pickle.h"
#include "str.h"
#include "type.h"
#include "vm.h"

Sched sched = {.ticks_left = INT64_MAX};

// ---- the run queue ring ----------------------------------------------------------

void ring_append(Tasklet **head, Tasklet *t) {
    if (!*head) {
        t->next = t->prev = t;
        *head = t;
        return;
    }
    Tasklet *h = *head;
    t->next = h;
    t->prev = h->prev;
    h->prev->next = t;
    h->prev = t;
}

void ring_unlink(Tasklet **head, Tasklet *t) {
    if (t->next == t) {
        *head = NULL;
    } else {
        t->prev->next = t->next;
        t->next->prev = t->prev;
        if (*head == t) *head = t->next;
    }
    t->next = t->prev = NULL;
}

bool rq_contains(Tasklet *t) {
    return t->next && !t->channel;
}

void rq_insert(Tasklet *t) {
    if (t->next) return;
    ring_append(&sched.head, t);
    sched.runcount++;
}

void rq_remove(Tasklet *t) {
    if (!rq_contains(t)) return;
    ring_unlink(&sched.head, t);
    sched.runcount--;
}

void rq_insert_after_current(Tasklet *t) {
    Tasklet *c = sched.current;
    if (!rq_contains(c)) {
        rq_insert(t);
        return;
    }
    t->prev = c;
    t->next = c->next;
    c->next->prev = t;
    c->next = t;
    sched.runcount++;
}

Value deadlock_error(void) {
    return err_format(&RuntimeErrorType, "Deadlock: the last runnable tasklet cannot be blocked.");
}

// The watchdog rule (the ring is empty): wake main.
static Tasklet *wake_main(void) {
    Tasklet *m = sched.main;
    if (m->channel) {
        chan_unblock(m);
        deadlock_error();
        m->resume_exc = err_fetch();
    }
    rq_insert(m);
    return m;
}

Tasklet *sched_next_after_leave(void) {
    return sched.head ? sched.head : wake_main();
}

bool sched_alone(Tasklet *t) {
    return rq_contains(t) && t->next == t;
}

HelperStatus sched_switch_to(Helper *h, Tasklet *to, Value value, Value exc) {
    Tasklet *cur = sched.current;
    cur->resume = RESUME_DELIVER;
    cur->resume_value = value;
    cur->resume_exc = exc ? exc : VAL_NULL;
    h->label = 1;
    h->req_kind = HS_SWITCH;
    h->req_fn = (Value)to;
    h->req_args = NULL;
    h->req_kwargs = NULL;
    return HS_SWITCH;
}

HelperStatus sched_resumed(Value in, Value *out) {
    if (!in) return HS_RAISE;
    *out = in;
    return HS_RETURN;
}

// ---- switching (driver side) ------------------------------------------------------------

void sched_enter(Tasklet *to) {
    Tasklet *cur = sched.current;
    if (cur->state != TS_DEAD) {
        cur->top = vm.top;
        cur->depth = vm.depth;
        cur->nesting = vm.nesting;
        cur->nested_fn = vm.nested_fn;
        cur->exc_info = vm.exc_info;
    } else {
        cur->top = VAL_NULL;
        cur->exc_info = VAL_NONE;
    }
    if (sched.timeout && sched.totaltimeout && !cur->is_main) sched.total_left = sched.ticks_left;
    uint64_t k = sched.switches + 1;
    if (sched.save_dir && (k & (k - 1)) == 0) sched_pickle_save(to, k);
    if (sched.pickle_every && k % (uint64_t)sched.pickle_every == 0) sched_pickle_world(cur, to);
    sched.current = to;
    if (rq_contains(to)) sched.head = to;
    vm.top = to->top;
    vm.depth = to->depth;
    vm.nesting = to->nesting;
    vm.nested_fn = to->nested_fn;
    vm.exc_info = to->exc_info;
    if (sched.timeout && !to->is_main)
        sched.ticks_left = sched.totaltimeout ? sched.total_left : sched.timeout;
    else
        sched.ticks_left = INT64_MAX;
    sched.switches++;
}

Value sched_take_resume(Tasklet *t) {
    t->resume = RESUME_DELIVER;
    Value v = t->resume_value, e = t->resume_exc;
    t->resume_value = VAL_NONE;
    t->resume_exc = VAL_NULL;
    if (e) return err_raise(e);
    return v ? v : VAL_NONE;
}

bool sched_preempt(Tasklet **to) {
    Tasklet *cur = sched.current;
    if (!sched.timeout || cur->is_main) {
        sched.ticks_left = INT64_MAX;
        return false;
    }
    if (cur->atomic || !vm_switch_allowed()) {
        sched.ticks_left = 1; // check again at the next tick
        return false;
    }
    rq_remove(cur);
    cur->resume = RESUME_CONTINUE;
    Tasklet *m = sched.main;
    m->resume_value = (Value)cur;
    m->resume_exc = VAL_NULL;
    rq_insert(m);
    *to = m;
    return true;
}

// ---- the tasklet start record ------------------------------------------------------------
// The bottom record of every tasklet but main: calls the bound function;
// when it ends, the tasklet dies and control passes on for good.

static HelperStatus start_step(Helper *h, Value in, Value *out) {
    Tasklet *t = (Tasklet *)F(0);
    if (h->label == 0 && !err_occurred()) {
        t->started = true;
        return helper_call(h, 1, t->func, t->args ? t->args : EMPTY_TUPLE, t->kwargs);
    }
    if (h->label == 2) {
        err_format(&SystemErrorType, "a dead tasklet was resumed");
        return HS_RAISE;
    }
    // The function returned or raised (or an exception was thrown into the
    // tasklet before it started).
    t->started = true;
    t->state = TS_DEAD;
    t->args = NULL;
    t->kwargs = NULL;
    rq_remove(t);
    Tasklet *to;
    Value exc = VAL_NULL;
    if (!in && err_matches(&TaskletExitType)) {
        err_clear();
    } else if (!in) {
        // Passed on to the main tasklet, wherever it waits.
        exc = err_fetch();
    }
    if (exc) {
        Tasklet *m = sched.main;
        if (m->channel) chan_unblock(m);
        m->resume = RESUME_DELIVER;
        m->resume_exc = exc;
        rq_insert(m);
        to = m;
    } else {
        to = sched_next_after_leave();
    }
    h->label = 2;
    h->req_kind = HS_SWITCH;
    h->req_fn = (Value)to;
    (void)out;
    return HS_SWITCH;
}
// Before it starts, the tasklet must be bound: its function is called with
// its arguments.
static bool start_validate(Helper *h) {
    Tasklet *t = (Tasklet *)F(0);
    if (h->label != 0) return true;
    if (!t->func) return helper_field_error(h, 0, "the tasklet is not bound to a function");
    if (t->args && !val_is((Value)t->args, &TupleType))
        return helper_field_error(h, 0, "the tasklet's arguments are not a tuple");
    if (t->kwargs && !helper_type_ok(h->def, 'w', (Value)t->kwargs))
        return helper_field_error(h, 0, "the tasklet's keyword arguments are not a keyword dict");
    return true;
}
HELPER_CHECKED(tasklet_start_helper, "stackless.tasklet_start", start_step, start_validate,
               "tasklet:k", "start", "returned", "dead")

// Positional argument [pos] (self is 0) or keyword [name] of a helper
// started by a builtin call, or [dflt].
static Value helper_arg(Tuple *a, Dict *kw, int pos, const char *name, Value dflt) {
    if (pos < a->len) return a->items[pos];
    Value v = kw ? dict_get_str(kw, str_intern_cstr(name)) : VAL_NULL;
    return v ? v : dflt;
}

// ---- the tasklet type --------------------------------------------------------------------

static Value check_callable(Value f) {
    if (!obj_callable(f)) return err_format(&TypeErrorType, "tasklet function must be a callable");
    return f;
}

// Make [t] alive with [args]/[kwargs]: its chain is the start record.
static void make_alive(Tasklet *t, Tuple *args, Dict *kwargs) {
    t->args = args;
    t->kwargs = kwargs && kwargs->used ? kwargs : NULL;
    t->cstack = NULL; // a new life gets a new C stack slice (stack-copy)
    t->state = TS_ALIVE;
    t->started = false;
    Helper *st = helper_new(&tasklet_start_helper);
    st->fields[0] = (Value)t;
    st->back = VAL_NULL;
    t->top = (Value)st;
    t->depth = 0;
    t->nesting = 0;
    t->exc_info = VAL_NONE;
    t->resume = RESUME_DELIVER;
    t->resume_value = VAL_NONE;
    t->resume_exc = VAL_NULL;
}

static Value already_bound(void) {
    return err_format(&RuntimeErrorType, "tasklet is already bound to a frame");
}

// tasklet.bind(func=None, args=None, kwargs=None)
static Value do_bind(Tasklet *t, Value func, Value args, Value kwargs) {
    if (t->state == TS_ALIVE) return already_bound();
    if (func != VAL_NONE && !check_callable(func)) return VAL_NULL;
    if (args != VAL_NONE && !val_is(args, &TupleType)) {
        args = (Value)tuple_from_iterable(args);
        if (!args) return VAL_NULL;
    }
    if (kwargs != VAL_NONE && !val_is(kwargs, &DictType))
        return err_format(&TypeErrorType, "tasklet kwargs must be a dict");
    bool unbind = func == VAL_NONE && args == VAL_NONE && kwargs == VAL_NONE;
    if (func != VAL_NONE) t->func = func;
    if (unbind) t->func = VAL_NULL; // bind(None): unbound again
    if (args != VAL_NONE || kwargs != VAL_NONE) {
        if (!t->func)
            return err_format(&RuntimeErrorType, "the tasklet was not bound to a function");
        make_alive(t, args != VAL_NONE ? (Tuple *)args : EMPTY_TUPLE,
                   kwargs != VAL_NONE ? (Dict *)kwargs : NULL);
    } else if (t->state == TS_DEAD) {
        t->state = TS_NEW;
    }
    return (Value)t;
}

// Argument [pos] or keyword [name] of a builtin call, or [dflt].
Value sched_arg(Value *args, int nargs, Tuple *kw, int pos, const char *name, Value dflt) {
    int npos = nargs - (kw ? (int)kw->len : 0);
    if (pos < npos) return args[pos];
    for (int64_t i = 0; kw && i < kw->len; i++)
        if (str_eq_cstr((Str *)kw->items[i], name)) return args[npos + i];
    return dflt;
}

static bool check_kwnames(const char *fname, Tuple *kw, const char *const *allowed) {
    for (int64_t i = 0; kw && i < kw->len; i++) {
        bool ok = false;
        for (int j = 0; allowed[j]; j++) ok |= str_eq_cstr((Str *)kw->items[i], allowed[j]);
        if (!ok) {
            err_format(&TypeErrorType, "%s() got an unexpected keyword argument '%S'", fname,
                       (Str *)kw->items[i]);
            return false;
        }
    }
    return true;
}

static Value tasklet_tp_new(Type *cls, Value *args, int nargs, Tuple *kw) {
    Tasklet *t = (Tasklet *)obj_alloc(cls, cls->inst_size);
    if (cls->flags & TF_HAS_DICT) t->dict = dict_new();
    t->func = VAL_NULL;
    t->tempval = VAL_NONE;
    t->top = VAL_NULL;
    t->exc_info = VAL_NONE;
    t->resume_value = VAL_NONE;
    t->resume_exc = VAL_NULL;
    // A subclass with its own __init__ binds through tasklet.__init__.
    if (cls == &TaskletType || !cls->dunders[DUNDER_INIT]) {
        static const char *const names[] = {"func", "args", "kwargs", NULL};
        if (!check_kwnames("tasklet", kw, names)) return VAL_NULL;
        if (nargs - (kw ? (int)kw->len : 0) > 3)
            return err_format(&TypeErrorType, "tasklet() takes at most 3 arguments");
        if (!do_bind(t, sched_arg(args, nargs, kw, 0, "func", VAL_NONE),
                     sched_arg(args, nargs, kw, 1, "args", VAL_NONE),
                     sched_arg(args, nargs, kw, 2, "kwargs", VAL_NONE)))
            return VAL_NULL;
    }
    return (Value)t;
}

static Value m_init(Value *args, int nargs, Tuple *kw) {
    static const char *const names[] = {"func", "args", "kwargs", NULL};
    if (!check_kwnames("tasklet", kw, names)) return VAL_NULL;
    if (!do_bind((Tasklet *)args[0], sched_arg(args, nargs, kw, 1, "func", VAL_NONE),
                 sched_arg(args, nargs, kw, 2, "args", VAL_NONE),
                 sched_arg(args, nargs, kw, 3, "kwargs", VAL_NONE)))
        return VAL_NULL;
    return VAL_NONE;
}

static Value m_bind(Value *args, int nargs, Tuple *kw) {
    static const char *const names[] = {"func", "args", "kwargs", NULL};
    if (!check_kwnames("bind", kw, names)) return VAL_NULL;
    return do_bind((Tasklet *)args[0], sched_arg(args, nargs, kw, 1, "func", VAL_NONE),
                   sched_arg(args, nargs, kw, 2, "args", VAL_NONE),
                   sched_arg(args, nargs, kw, 3, "kwargs", VAL_NONE));
}

// tasklet.setup(*args, **kwargs) and tasklet(*args, **kwargs).
static Value do_setup(Tasklet *t, Value *args, int nargs, Tuple *kw) {
    if (t->state == TS_ALIVE) return already_bound();
    if (!t->func) return err_format(&RuntimeErrorType, "the tasklet was not bound to a function");
    int nkw = kw ? (int)kw->len : 0;
    Dict *d = NULL;
    if (nkw) {
        d = dict_new();
        for (int i = 0; i < nkw; i++) dict_set(d, kw->items[i], args[nargs - nkw + i]);
    }
    make_alive(t, tuple_from(args, nargs - nkw), d);
    rq_insert(t);
    return (Value)t;
}

static Value m_setup(Value *args, int nargs, Tuple *kw) {
    return do_setup((Tasklet *)args[0], args + 1, nargs - 1, kw);
}

static Value tasklet_tp_call(Value self, Value *args, int nargs, Tuple *kw) {
    return do_setup((Tasklet *)self, args, nargs, kw);
}

Value sched_check_runnable(Tasklet *t) {
    if (t->state != TS_ALIVE)
        return err_format(&RuntimeErrorType, "You cannot run an unbound(dead) tasklet");
    if (t->channel) return err_format(&RuntimeErrorType, "You cannot run a blocked tasklet");
    return (Value)t;
}

static Value m_insert(Value *args, int nargs, Tuple *kw) {
    if (!args_check("insert", nargs - 1, kw, 0, 0)) return VAL_NULL;
    Tasklet *t = (Tasklet *)args[0];
    if (!sched_check_runnable(t)) return VAL_NULL;
    rq_insert(t);
    return VAL_NONE;
}

static Value m_remove(Value *args, int nargs, Tuple *kw) {
    if (!args_check("remove", nargs - 1, kw, 0, 0)) return VAL_NULL;
    Tasklet *t = (Tasklet *)args[0];
    if (t->channel) return err_format(&RuntimeErrorType, "You cannot remove a blocked tasklet.");
    if (t == sched.current)
        return err_format(&RuntimeErrorType, "The current tasklet cannot be removed.");
    rq_remove(t);
    return VAL_NONE;
}

static Value m_set_atomic(Value *args, int nargs, Tuple *kw) {
    if (!args_check("set_atomic", nargs - 1, kw, 1, 1)) return VAL_NULL;
    Tasklet *t = (Tasklet *)args[0];
    int b = obj_truth(args[1]);
    if (b < 0) return VAL_NULL;
    Value old = val_bool(t->atomic);
    t->atomic = b;
    return old;
}

// tasklet.run() (remove == false) and tasklet.switch() (remove == true).
static HelperStatus run_step(Helper *h, Value in, Value *out, bool remove) {
    if (h->label != 0) return sched_resumed(in, out);
    Tuple *a = (Tuple *)F(HF_ARGS);
    if (!args_check(remove ? "switch" : "run", (int)a->len - 1, NULL, 0, 0)) return HS_RAISE;
    Tasklet *t = (Tasklet *)a->items[0];
    if (!sched_check_runnable(t)) return HS_RAISE;
    Tasklet *cur = sched.current;
    if (t == cur) return *out = VAL_NONE, HS_RETURN;
    if (!vm_can_switch()) return HS_RAISE;
    if (!rq_contains(t)) rq_insert_after_current(t);
    if (remove) rq_remove(cur);
    return sched_switch_to(h, t, VAL_NONE, VAL_NULL);
}
static HelperStatus trun_step(Helper *h, Value in, Value *out) {
    return run_step(h, in, out, false);
}
static HelperStatus tswitch_step(Helper *h, Value in, Value *out) {
    return run_step(h, in, out, true);
}
// Fields of the tasklet methods: args (self first), kwargs.
static bool tasklet_method_validate(Helper *h) {
    return helper_check_self(h, &TaskletType);
}
HELPER_CHECKED(tasklet_run_helper, "tasklet.run", trun_step, tasklet_method_validate,
               "args:t kwargs:W", "entry", "resumed")
HELPER_CHECKED(tasklet_switch_helper, "tasklet.switch", tswitch_step, tasklet_method_validate,
               "args:t kwargs:W", "entry", "resumed")

// Raise [exc] in tasklet [t] (t alive, not current); run it now unless
// [pending].
static HelperStatus throw_to(Helper *h, Tasklet *t, Value exc, bool pending, Value *out) {
    if (t->state != TS_ALIVE)
        return err_format(&RuntimeErrorType, "You cannot throw to a dead tasklet"), HS_RAISE;
    if (t == sched.current) return err_raise(exc), HS_RAISE;
    if (!pending && !vm_can_switch()) return HS_RAISE;
    if (t->channel) chan_unblock(t);
    t->resume_exc = exc;
    if (pending) {
        rq_insert(t);
        return *out = VAL_NONE, HS_RETURN;
    }
    if (!rq_contains(t)) rq_insert_after_current(t);
    return sched_switch_to(h, t, VAL_NONE, VAL_NULL);
}

// The exception instance for (cls_or_instance, value) as in throw(); may
// need a call (HS_CALL to label [label]); returns the instance in *exc.
HelperStatus sched_make_exc(Helper *h, int label, Value cls, Tuple *cargs, Value *exc) {
    if (val_is(cls, &TypeType) && type_is_subtype((Type *)cls, &BaseExceptionType))
        return helper_call(h, label, cls, cargs, NULL);
    if (val_isinstance(cls, &BaseExceptionType)) {
        if (cargs->len) {
            err_format(&TypeErrorType, "instance exception may not have a separate value");
            return HS_RAISE;
        }
        *exc = cls;
        return HS_RETURN;
    }
    err_format(&TypeErrorType, "exceptions must be classes, or instances, not %s",
               obj_type_name(cls));
    return HS_RAISE;
}

// tasklet.throw(exc=None, val=None, tb=None, pending=False) and
// tasklet.raise_exception(cls, *args). Fields: 2 pending, 3 traceback.
static HelperStatus throw_common(Helper *h, Value in, Value *out, bool raise_exc) {
    Tuple *a = (Tuple *)F(HF_ARGS);
    Tasklet *t = (Tasklet *)a->items[0];
    Value exc = VAL_NULL;
    switch (h->label) {
    case 0: {
        Dict *kw = F(HF_KWARGS) == VAL_NONE ? NULL : (Dict *)F(HF_KWARGS);
        Value cls;
        Tuple *cargs;
        if (raise_exc) {
            if (kw && kw->used) {
                err_format(&TypeErrorType, "raise_exception() takes no keyword arguments");
                return HS_RAISE;
            }
            if (a->len < 2) {
                err_format(&TypeErrorType, "raise_exception() takes at least 1 argument");
                return HS_RAISE;
            }
            cls = a->items[1];
            cargs = tuple_from(a->items + 2, (int)a->len - 2);
            F(2) = VAL_FALSE;
        } else {
            cls = helper_arg(a, kw, 1, "exc", VAL_NONE);
            Value val = helper_arg(a, kw, 2, "val", VAL_NONE);
            Value tb = helper_arg(a, kw, 3, "tb", VAL_NONE);
            Value pend = helper_arg(a, kw, 4, "pending", VAL_FALSE);
            int p = obj_truth(pend);
            if (p < 0) return HS_RAISE;
            F(2) = val_bool(p);
            F(3) = tb;
            if (cls == VAL_NONE) cls = (Value)&TaskletExitType;
            cargs = val == VAL_NONE ? EMPTY_TUPLE : tuple_pack(1, val);
        }
        if (t->state != TS_ALIVE) {
            err_format(&RuntimeErrorType, "You cannot throw to a dead tasklet");
            return HS_RAISE;
        }
        HelperStatus st = sched_make_exc(h, 2, cls, cargs, &exc);
        if (st != HS_RETURN) return st;
        break;
    }
    case 1: return sched_resumed(in, out);
    default: // 2: the exception was instantiated
        if (!in) return HS_RAISE;
        if (!val_isinstance(in, &BaseExceptionType)) {
            err_format(&TypeErrorType,
                       "calling the exception class did not return an exception instance");
            return HS_RAISE;
        }
        exc = in;
        break;
    }
    if (F(3) != VAL_NONE && val_is(F(3), &TracebackType)) ((Exc *)exc)->traceback = F(3);
    return throw_to(h, t, exc, F(2) == VAL_TRUE, out);
}
static HelperStatus throw_step(Helper *h, Value in, Value *out) {
    return throw_common(h, in, out, false);
}
static HelperStatus raise_exc_step(Helper *h, Value in, Value *out) {
    return throw_common(h, in, out, true);
}
HELPER_CHECKED(tasklet_throw_helper, "tasklet.throw", throw_step, tasklet_method_validate,
               "args:t kwargs:W pending:B traceback:v", "entry", "resumed", "made_exception")
HELPER_CHECKED(tasklet_raise_helper, "tasklet.raise_exception", raise_exc_step,
               tasklet_method_validate, "args:t kwargs:W pending:B traceback:v", "entry", "resumed",
               "made_exception")

static HelperStatus kill_step(Helper *h, Value in, Value *out) {
    if (h->label != 0) return sched_resumed(in, out);
    Tuple *a = (Tuple *)F(HF_ARGS);
    Dict *kw = F(HF_KWARGS) == VAL_NONE ? NULL : (Dict *)F(HF_KWARGS);
    Tasklet *t = (Tasklet *)a->items[0];
    Value pend = helper_arg(a, kw, 1, "pending", VAL_FALSE);
    int p = obj_truth(pend);
    if (p < 0) return HS_RAISE;
    if (t->state != TS_ALIVE) return *out = VAL_NONE, HS_RETURN;
    if (t->is_main && t != sched.current) {
        err_format(&RuntimeErrorType, "cannot kill the main tasklet");
        return HS_RAISE;
    }
    Value exc = (Value)exc_new(&TaskletExitType, NULL);
    return throw_to(h, t, exc, p, out);
}
HELPER_CHECKED(tasklet_kill_helper, "tasklet.kill", kill_step, tasklet_method_validate,
               "args:t kwargs:W", "entry", "resumed")

static Value tasklet_getattr(Value self, Str *name) {
    Tasklet *t = (Tasklet *)self;
    bool alive = t->state == TS_ALIVE;
    if (str_eq_cstr(name, "alive")) return val_bool(alive);
    if (str_eq_cstr(name, "blocked")) return val_bool(t->channel != NULL);
    if (str_eq_cstr(name, "scheduled")) return val_bool(t->next != NULL);
    if (str_eq_cstr(name, "paused")) return val_bool(alive && !t->next);
    if (str_eq_cstr(name, "is_main")) return val_bool(t->is_main);
    if (str_eq_cstr(name, "is_current")) return val_bool(t == sched.current);
    if (str_eq_cstr(name, "next")) return rq_contains(t) ? (Value)t->next : VAL_NONE;
    if (str_eq_cstr(name, "prev")) return rq_contains(t) ? (Value)t->prev : VAL_NONE;
    if (str_eq_cstr(name, "tempval")) return t->tempval;
    if (str_eq_cstr(name, "atomic")) return val_bool(t->atomic);
    if (str_eq_cstr(name, "block_trap")) return val_bool(t->block_trap);
    if (str_eq_cstr(name, "nesting_level"))
        return val_from_small(t == sched.current ? vm.nesting : t->nesting);
    if (str_eq_cstr(name, "restorable"))
        return val_bool((t == sched.current ? vm.nesting : t->nesting) == 0);
    if (str_eq_cstr(name, "recursion_depth"))
        return val_from_small(t == sched.current ? vm.depth : t->depth);
    if (str_eq_cstr(name, "func")) return t->func ? t->func : VAL_NONE;
    return VAL_NULL;
}

static int tasklet_setattr(Value self, Str *name, Value v) {
    Tasklet *t = (Tasklet *)self;
    if (str_eq_cstr(name, "tempval")) {
        t->tempval = v ? v : VAL_NONE;
        return 1;
    }
    if (str_eq_cstr(name, "block_trap")) {
        int b = v ? obj_truth(v) : 0;
        if (b < 0) return -1;
        t->block_trap = b;
        return 1;
    }
    static const char *const ro[] = {
        "alive", "blocked", "scheduled",     "paused",     "is_main",         "is_current", "next",
        "prev",  "atomic",  "nesting_level", "restorable", "recursion_depth", NULL};
    for (int i = 0; ro[i]; i++)
        if (str_eq_cstr(name, ro[i])) {
            err_format(&AttributeErrorType, "attribute '%S' of 'tasklet' objects is not writable",
                       name);
            return -1;
        }
    return 0; // generic store (subclass instance dict)
}

static Value tasklet_repr(Value self) {
    return (Value)str_printf(
        "<%s object at %p>",
        val_type(self) == &TaskletType ? "stackless.tasklet" : val_type(self)->name, (void *)self);
}

Type TaskletType = {
    .obj = {&TypeType},
    .name = "tasklet",
    .flags = TF_BASETYPE | TF_NATIVE_BASE,
    .inst_size = sizeof(Tasklet),
    .tp_new = tasklet_tp_new,
    .tp_repr = tasklet_repr,
    .tp_call = tasklet_tp_call,
    .tp_getattr = tasklet_getattr,
    .tp_setattr = tasklet_setattr,
};

static const MethodDef tasklet_methods[] = {
    {"__init__", m_init, 0, NULL},
    {"bind", m_bind, 0, NULL},
    {"setup", m_setup, 0, NULL},
    {"insert", m_insert, 0, NULL},
    {"remove", m_remove, 0, NULL},
    {"set_atomic", m_set_atomic, 0, NULL},
    {"run", NULL, 0, &tasklet_run_helper},
    {"switch", NULL, 0, &tasklet_switch_helper},
    {"kill", NULL, 0, &tasklet_kill_helper},
    {"throw", NULL, 0, &tasklet_throw_helper},
    {"raise_exception", NULL, 0, &tasklet_raise_helper},
    {NULL, NULL, 0, NULL},
};

// ---- module functions --------------------------------------------------------------------

// stackless.schedule(retval=current) and schedule_remove(retval=current).
static HelperStatus schedule_common(Helper *h, Value in, Value *out, bool remove) {
    if (h->label != 0) return sched_resumed(in, out);
    Tuple *a = (Tuple *)F(HF_ARGS);
    if (a->len > 1) {
        err_format(&TypeErrorType, "%s() takes at most 1 argument (%d given)",
                   remove ? "schedule_remove" : "schedule", (int)a->len);
        return HS_RAISE;
    }
    Dict *kw = F(HF_KWARGS) == VAL_NONE ? NULL : (Dict *)F(HF_KWARGS);
    Value retval = helper_arg(a, kw, 0, "retval", (Value)sched.current);
    Tasklet *cur = sched.current;
    if (sched_alone(cur)) {
        if (!remove) return *out = retval, HS_RETURN;
        if (cur->is_main) return deadlock_error(), HS_RAISE;
    }
    if (!vm_can_switch()) return HS_RAISE;
    Tasklet *to;
    if (remove) {
        rq_remove(cur);
        to = sched_next_after_leave();
    } else {
        to = rq_contains(cur) ? cur->next : sched_next_after_leave();
    }
    return sched_switch_to(h, to, retval, VAL_NULL);
}
static HelperStatus schedule_step(Helper *h, Value in, Value *out) {
    return schedule_common(h, in, out, false);
}
static HelperStatus schedule_remove_step(Helper *h, Value in, Value *out) {
    return schedule_common(h, in, out, true);
}
HELPER(schedule_helper, "stackless.schedule", schedule_step, "args:t kwargs:W", "entry", "resumed")
HELPER(schedule_remove_helper, "stackless.schedule_remove", schedule_remove_step, "args:t kwargs:W",
       "entry", "resumed")

// stackless.run(timeout=0, threadblock=False, soft=False, ignore_nesting=False,
// totaltimeout=False)
static HelperStatus srun_step(Helper *h, Value in, Value *out) {
    if (h->label != 0) {
        sched.main_in_run = false;
        sched.timeout = 0;
        sched.ticks_left = INT64_MAX;
        return sched_resumed(in, out);
    }
    Tuple *a = (Tuple *)F(HF_ARGS);
    Dict *kw = F(HF_KWARGS) == VAL_NONE ? NULL : (Dict *)F(HF_KWARGS);
    static const char *const names[] = {"timeout", "threadblock", "soft", "ignore_nesting",
                                        "totaltimeout"};
    Value v[5] = {val_from_small(0), VAL_FALSE, VAL_FALSE, VAL_FALSE, VAL_FALSE};
    if (a->len > 5) {
        err_format(&TypeErrorType, "run() takes at most 5 arguments (%d given)", (int)a->len);
        return HS_RAISE;
    }
    for (int64_t i = 0; i < a->len; i++) v[i] = a->items[i];
    int64_t pos = 0;
    Value k, kv;
    while (kw && dict_next(kw, &pos, &k, &kv)) {
        int i = 0;
        while (i < 5 && !str_eq_cstr((Str *)k, names[i])) i++;
        if (i == 5) {
            err_format(&TypeErrorType, "run() got an unexpected keyword argument '%S'", (Str *)k);
            return HS_RAISE;
        }
        v[i] = kv;
    }
    if (!val_is_int(v[0])) {
        err_format(&TypeErrorType, "run() timeout must be an integer");
        return HS_RAISE;
    }
    int total = obj_truth(v[4]);
    if (total < 0) return HS_RAISE;
    Tasklet *cur = sched.current;
    if (!cur->is_main) {
        err_format(&RuntimeErrorType, "run() must be run from the main tasklet");
        return HS_RAISE;
    }
    if (sched_alone(cur)) return *out = VAL_NONE, HS_RETURN;
    if (!vm_can_switch()) return HS_RAISE;
    int64_t timeout = int_value(v[0]);
    sched.main_in_run = true;
    sched.timeout = timeout > 0 ? timeout : 0;
    sched.totaltimeout = total;
    sched.total_left = sched.timeout;
    rq_remove(cur);
    return sched_switch_to(h, sched_next_after_leave(), VAL_NONE, VAL_NULL);
}
HELPER(stackless_run_helper, "stackless.run", srun_step, "args:t kwargs:W", "entry", "resumed")

static Value s_getcurrent(Value *args, int nargs, Tuple *kw) {
    if (!args_check("getcurrent", nargs, kw, 0, 0)) return VAL_NULL;
    return (Value)sched.current;
}
static Value s_getmain(Value *args, int nargs, Tuple *kw) {
    if (!args_check("getmain", nargs, kw, 0, 0)) return VAL_NULL;
    return (Value)sched.main;
}
static Value s_getruncount(Value *args, int nargs, Tuple *kw) {
    if (!args_check("getruncount", nargs, kw, 0, 0)) return VAL_NULL;
    return val_from_small(sched.runcount);
}

static Value stackless_getattr(Module *m, Str *name) {
    if (str_eq_cstr(name, "current")) return (Value)sched.current;
    if (str_eq_cstr(name, "main")) return (Value)sched.main;
    if (str_eq_cstr(name, "runcount")) return val_from_small(sched.runcount);
    return VAL_NULL;
}

static const MethodDef stackless_funcs[] = {
    {"schedule", NULL, 0, &schedule_helper},
    {"schedule_remove", NULL, 0, &schedule_remove_helper},
    {"run", NULL, 0, &stackless_run_helper},
    {"getcurrent", s_getcurrent, 0, NULL},
    {"getmain", s_getmain, 0, NULL},
    {"getruncount", s_getruncount, 0, NULL},
    {NULL, NULL, 0, NULL},
};

void sched_init(void) {
    type_ready(&TaskletType);
    type_add_methods(&TaskletType, tasklet_methods);
    static const HelperDef *const helpers[] = {
        &tasklet_start_helper, &tasklet_run_helper,     &tasklet_switch_helper,
        &tasklet_throw_helper, &tasklet_raise_helper,   &tasklet_kill_helper,
        &schedule_helper,      &schedule_remove_helper, &stackless_run_helper,
    };
    for (size_t i = 0; i < sizeof helpers / sizeof helpers[0]; i++) helper_register(helpers[i]);
    channel_init();

    Tasklet *m = (Tasklet *)tasklet_tp_new(&TaskletType, NULL, 0, NULL);
    m->is_main = true;
    m->started = true;
    m->state = TS_ALIVE;
    sched.main = sched.current = m;
    rq_insert(m);

    Module *mod = module_add_builtin("stackless", stackless_funcs);
    mod->getattr_hook = stackless_getattr;
    module_set(mod, "tasklet", (Value)&TaskletType);
    module_set(mod, "channel", (Value)&ChannelType);
    module_set(mod, "TaskletExit", (Value)&TaskletExitType);
}
