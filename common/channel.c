// channel.c — stackless.channel: synchronous hand-over of values between
// tasklets, with Stackless's balance, preference, schedule_all and closing
// rules (docs/TASKLETS.md). Sending and receiving are helpers that may ask
// the driver to switch (HS_SWITCH).
#include "containers.h"
#include "err.h"
#include "num.h"
#include "ops.h"
#include "sched_impl.h"
#include "str.h"
#include "type.h"
#include "vm.h"

void chan_unblock(Tasklet *t) {
    Channel *ch = t->channel;
    ring_unlink(&ch->head, t);
    ch->balance -= t->dir;
    t->channel = NULL;
    t->dir = 0;
}

// Send (dir = +1: value [v], or exception [exc] when not VAL_NULL) or
// receive (dir = -1) on [ch] from helper [h].
static HelperStatus channel_action(Helper *h, Channel *ch, int dir, Value v, Value exc,
                                   Value *out) {
    Tasklet *cur = sched.current;
    bool cando = dir > 0 ? ch->balance < 0 : ch->balance > 0;
    if (cando) {
        bool prefer_other = !ch->schedule_all && ch->preference == -dir;
        if ((ch->schedule_all || prefer_other) && !vm_can_switch()) return HS_RAISE;
        Tasklet *t = ch->head;
        chan_unblock(t);
        Value result = VAL_NONE, rexc = VAL_NULL;
        t->resume = RESUME_DELIVER;
        if (dir > 0) {
            t->resume_value = v;
            t->resume_exc = exc;
            t->tempval = v;
        } else {
            result = t->tempval;
            rexc = t->send_exc;
            cur->tempval = result;
            t->tempval = VAL_NONE;
            t->send_exc = VAL_NULL;
            t->resume_value = VAL_NONE;
            t->resume_exc = VAL_NULL;
        }
        if (ch->schedule_all) {
            rq_insert(t);
            return sched_switch_to(h, cur->next, result, rexc);
        }
        if (prefer_other) {
            rq_insert_after_current(t);
            return sched_switch_to(h, t, result, rexc);
        }
        rq_insert(t);
        if (rexc) return err_raise(rexc), HS_RAISE;
        *out = result;
        return HS_RETURN;
    }
    // Nobody waits on the other side: block.
    if (cur->block_trap) {
        err_format(&RuntimeErrorType, "this tasklet does not like to be blocked.");
        return HS_RAISE;
    }
    if (ch->closing) {
        err_format(&ValueErrorType, "Send/receive operation on a closed channel");
        return HS_RAISE;
    }
    if (cur->is_main && sched_alone(cur)) return deadlock_error(), HS_RAISE;
    if (!vm_can_switch()) return HS_RAISE;
    rq_remove(cur);
    if (dir > 0) {
        cur->tempval = v;
        cur->send_exc = exc;
    }
    ring_append(&ch->head, cur);
    cur->channel = ch;
    cur->dir = (int8_t)dir;
    ch->balance += dir;
    return sched_switch_to(h, sched_next_after_leave(), VAL_NONE, VAL_NULL);
}

static Channel *self_ch(Helper *h) {
    return (Channel *)((Tuple *)F(HF_ARGS))->items[0];
}

// Fields of the channel methods: args (self first), kwargs.
static bool channel_method_validate(Helper *h) {
    return helper_check_self(h, &ChannelType);
}

static HelperStatus send_step(Helper *h, Value in, Value *out) {
    if (h->label != 0) return sched_resumed(in, out);
    Tuple *a = (Tuple *)F(HF_ARGS);
    if (!args_check("send", (int)a->len - 1, NULL, 1, 1)) return HS_RAISE;
    return channel_action(h, self_ch(h), 1, a->items[1], VAL_NULL, out);
}
HELPER_CHECKED(channel_send_helper, "channel.send", send_step, channel_method_validate,
               "args:t kwargs:W", "entry", "resumed")

static HelperStatus receive_step(Helper *h, Value in, Value *out) {
    if (h->label != 0) return sched_resumed(in, out);
    Tuple *a = (Tuple *)F(HF_ARGS);
    if (!args_check("receive", (int)a->len - 1, NULL, 0, 0)) return HS_RAISE;
    return channel_action(h, self_ch(h), -1, VAL_NONE, VAL_NULL, out);
}
HELPER_CHECKED(channel_receive_helper, "channel.receive", receive_step, channel_method_validate,
               "args:t kwargs:W", "entry", "resumed")

// channel.send_exception(cls, *args) and channel.send_throw(exc, val=None, tb=None).
static HelperStatus send_exc_common(Helper *h, Value in, Value *out, bool throw_style) {
    Tuple *a = (Tuple *)F(HF_ARGS);
    Value exc = VAL_NULL;
    if (h->label == 1) return sched_resumed(in, out);
    if (h->label == 0) {
        const char *name = throw_style ? "send_throw" : "send_exception";
        if (a->len < 2) {
            err_format(&TypeErrorType, "%s() takes at least 1 argument", name);
            return HS_RAISE;
        }
        Tuple *cargs;
        if (throw_style) {
            if (a->len > 4) {
                err_format(&TypeErrorType, "send_throw() takes at most 3 arguments");
                return HS_RAISE;
            }
            Value val = a->len > 2 ? a->items[2] : VAL_NONE;
            cargs = val == VAL_NONE ? EMPTY_TUPLE : tuple_pack(1, val);
        } else {
            cargs = tuple_from(a->items + 2, (int)a->len - 2);
        }
        HelperStatus st = sched_make_exc(h, 2, a->items[1], cargs, &exc);
        if (st != HS_RETURN) return st;
    } else {
        if (!in) return HS_RAISE;
        if (!val_isinstance(in, &BaseExceptionType)) {
            err_format(&TypeErrorType,
                       "calling the exception class did not return an exception instance");
            return HS_RAISE;
        }
        exc = in;
    }
    if (throw_style && a->len > 3 && val_is(a->items[3], &TracebackType))
        ((Exc *)exc)->traceback = a->items[3];
    return channel_action(h, self_ch(h), 1, VAL_NONE, exc, out);
}
static HelperStatus send_exception_step(Helper *h, Value in, Value *out) {
    return send_exc_common(h, in, out, false);
}
static HelperStatus send_throw_step(Helper *h, Value in, Value *out) {
    return send_exc_common(h, in, out, true);
}
HELPER_CHECKED(channel_send_exception_helper, "channel.send_exception", send_exception_step,
               channel_method_validate, "args:t kwargs:W", "entry", "resumed", "made_exception")
HELPER_CHECKED(channel_send_throw_helper, "channel.send_throw", send_throw_step,
               channel_method_validate, "args:t kwargs:W", "entry", "resumed", "made_exception")

// channel.send_sequence(iterable): fields 2 iterator, 3 count.
static HelperStatus send_sequence_step(Helper *h, Value in, Value *out) {
    Tuple *a = (Tuple *)F(HF_ARGS);
    HelperStatus st;
    switch (h->label) {
    case 0: {
        if (!args_check("send_sequence", (int)a->len - 1, NULL, 1, 1)) return HS_RAISE;
        F(3) = val_from_small(0);
        bool req;
        st = helper_start_iter(h, a->items[1], 2, 1, &req);
        if (req || st == HS_RAISE) return st;
        break;
    }
    case 1: // the iterator from a user __iter__
        if (!in || !vm_check_iterator(in)) return HS_RAISE;
        F(2) = in;
        break;
    case 2: // the next item
        if (!in) return HS_RAISE;
        if (in == ITER_DONE) return *out = F(3), HS_RETURN;
        st = channel_action(h, self_ch(h), 1, in, VAL_NULL, out);
        if (st == HS_SWITCH) {
            h->label = 3;
            return st;
        }
        if (st == HS_RAISE) return st;
        F(3) = val_from_small(val_small(F(3)) + 1);
        break;
    default: // 3: resumed after a send
        if (!in) return HS_RAISE;
        F(3) = val_from_small(val_small(F(3)) + 1);
        break;
    }
    return helper_next(h, 2, F(2));
}
// The count of items sent exists after the entry.
static bool send_sequence_validate(Helper *h) {
    if (!channel_method_validate(h)) return false;
    if (h->label > 0 && F(3) == VAL_NONE)
        return helper_field_error(h, 3, "expected small int, got None");
    return true;
}
HELPER_CHECKED(channel_send_sequence_helper, "channel.send_sequence", send_sequence_step,
               send_sequence_validate, "args:t kwargs:W iterator:v count:I", "entry",
               "got_iterator", "got_item", "sent")

// next(channel): StopIteration when closing and empty, else receive.
static HelperStatus next_core(Helper *h, Channel *ch, Value in, Value *out, bool iter_done) {
    if (h->label != 0) return sched_resumed(in, out);
    if (ch->closing && ch->balance == 0) {
        if (iter_done) return *out = ITER_DONE, HS_RETURN;
        err_raise((Value)&StopIterationType);
        return HS_RAISE;
    }
    return channel_action(h, ch, -1, VAL_NONE, VAL_NULL, out);
}
// As the type's next_helper: fields[0] is the channel.
static HelperStatus iter_next_step(Helper *h, Value in, Value *out) {
    return next_core(h, (Channel *)F(0), in, out, true);
}
HELPER(channel_iter_next_helper, "channel.iter_next", iter_next_step, "channel:n", "entry",
       "resumed")
// As the method channel.__next__.
static HelperStatus next_method_step(Helper *h, Value in, Value *out) {
    return next_core(h, self_ch(h), in, out, false);
}
HELPER_CHECKED(channel_next_helper, "channel.__next__", next_method_step, channel_method_validate,
               "args:t kwargs:W", "entry", "resumed")

static Value channel_tp_next(Value self) {
    return ITER_NEEDS_HELPER;
}

static Value channel_tp_iter(Value self) {
    return self;
}

static Value channel_tp_new(Type *cls, Value *args, int nargs, Tuple *kw) {
    if (cls == &ChannelType && !args_check("channel", nargs, kw, 0, 0)) return VAL_NULL;
    Channel *ch = (Channel *)obj_alloc(cls, cls->inst_size);
    if (cls->flags & TF_HAS_DICT) ch->dict = dict_new();
    ch->preference = -1;
    return (Value)ch;
}

static Value m_close(Value *args, int nargs, Tuple *kw) {
    if (!args_check("close", nargs - 1, kw, 0, 0)) return VAL_NULL;
    ((Channel *)args[0])->closing = true;
    return VAL_NONE;
}

static Value m_open(Value *args, int nargs, Tuple *kw) {
    if (!args_check("open", nargs - 1, kw, 0, 0)) return VAL_NULL;
    ((Channel *)args[0])->closing = false;
    return VAL_NONE;
}

static Value channel_getattr(Value self, Str *name) {
    Channel *ch = (Channel *)self;
    if (str_eq_cstr(name, "balance")) return val_from_small(ch->balance);
    if (str_eq_cstr(name, "preference")) return val_from_small(ch->preference);
    if (str_eq_cstr(name, "schedule_all")) return val_bool(ch->schedule_all);
    if (str_eq_cstr(name, "closing")) return val_bool(ch->closing);
    if (str_eq_cstr(name, "closed")) return val_bool(ch->closing && ch->balance == 0);
    if (str_eq_cstr(name, "queue")) return ch->head ? (Value)ch->head : VAL_NONE;
    return VAL_NULL;
}

static int channel_setattr(Value self, Str *name, Value v) {
    Channel *ch = (Channel *)self;
    if (str_eq_cstr(name, "preference")) {
        if (!v || !val_is_int(v)) {
            err_format(&TypeErrorType, "preference must be an integer");
            return -1;
        }
        int64_t p = int_value(v);
        ch->preference = (int8_t)(p > 0 ? 1 : p < 0 ? -1 : 0);
        return 1;
    }
    if (str_eq_cstr(name, "schedule_all")) {
        int b = v ? obj_truth(v) : 0;
        if (b < 0) return -1;
        ch->schedule_all = b;
        return 1;
    }
    static const char *const ro[] = {"balance", "closing", "closed", "queue", NULL};
    for (int i = 0; ro[i]; i++)
        if (str_eq_cstr(name, ro[i])) {
            err_format(&AttributeErrorType, "attribute '%S' of 'channel' objects is not writable",
                       name);
            return -1;
        }
    return 0;
}

static Value channel_repr(Value self) {
    return (Value)str_printf(
        "<%s object at %p>",
        val_type(self) == &ChannelType ? "stackless.channel" : val_type(self)->name, (void *)self);
}

Type ChannelType = {
    .obj = {&TypeType},
    .name = "channel",
    .flags = TF_BASETYPE | TF_NATIVE_BASE,
    .inst_size = sizeof(Channel),
    .tp_new = channel_tp_new,
    .tp_repr = channel_repr,
    .tp_iter = channel_tp_iter,
    .tp_next = channel_tp_next,
    .tp_getattr = channel_getattr,
    .tp_setattr = channel_setattr,
    .next_helper = &channel_iter_next_helper,
};

static const MethodDef channel_methods[] = {
    {"send", NULL, 0, &channel_send_helper},
    {"receive", NULL, 0, &channel_receive_helper},
    {"send_exception", NULL, 0, &channel_send_exception_helper},
    {"send_throw", NULL, 0, &channel_send_throw_helper},
    {"send_sequence", NULL, 0, &channel_send_sequence_helper},
    {"__next__", NULL, 0, &channel_next_helper},
    {"close", m_close, 0, NULL},
    {"open", m_open, 0, NULL},
    {NULL, NULL, 0, NULL},
};

void channel_init(void) {
    type_ready(&ChannelType);
    type_add_methods(&ChannelType, channel_methods);
    static const HelperDef *const helpers[] = {
        &channel_send_helper,       &channel_receive_helper,       &channel_send_exception_helper,
        &channel_send_throw_helper, &channel_send_sequence_helper, &channel_iter_next_helper,
        &channel_next_helper,
    };
    for (size_t i = 0; i < sizeof helpers / sizeof helpers[0]; i++) helper_register(helpers[i]);
}
