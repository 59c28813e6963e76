// builtins.c — the builtins module: functions, the lazy iterator types
// (enumerate, zip, map, filter, reversed) and super. Builtins that consume
// iterables or call user functions are helpers (helper.h) so that they can
// iterate generators and call back into Python without C recursion; the
// others return a helper record when Python code must run (len, hash,
// getattr, iter, format, abs, ...: helper.h).
#include "containers.h"
#include "err.h"
#include "fileobj.h"
#include "frame.h"
#include "func.h"
#include "helper.h"
#include "iterobj.h"
#include "module.h"
#include "num.h"
#include "ops.h"
#include "str.h"
#include "type.h"
#include "vm.h"

#include <stdio.h>
#include <string.h>

extern HelperDef repr_helper;

// A builtin's integer argument args[index] whose __index__ is Python code:
// the call continues as a vm.index_call record ([name]: the builtin).
static bool user_index_arg(Value *args, int index) {
    return val_type(args[index])->dunders[DUNDER_INDEX] != VAL_NULL;
}
static Value index_call(const char *name, Value *args, int nargs, int index) {
    extern Value vmops_index_call(Value fn, Value * args, int nargs, int index);
    return vmops_index_call(builtin_lookup(name), args, nargs, index);
}

// Keyword argument [name] of a helper started from a builtin call, or NULL.
static Value kwarg(Helper *h, const char *name) {
    if (F(HF_KWARGS) == VAL_NONE) return VAL_NULL;
    return dict_get_str((Dict *)F(HF_KWARGS), str_intern_cstr(name));
}

static bool no_kwargs(const char *fname, Tuple *kw) {
    if (kw && kw->len) {
        err_format(&TypeErrorType, "%s() takes no keyword arguments", fname);
        return false;
    }
    return true;
}

// True if iterating [it] never calls back into Python code.
static bool plain_iterator(Value it) {
    Type *t = val_type(it);
    return !(t->flags & TF_HEAPTYPE) && t != &GeneratorType && t->tp_next && !t->next_helper;
}

// Request the next item of iterator F(i) unless it can be taken directly.
// Returns true when a request was made (return HS_NEXT); otherwise *item.
#define NEXT_OR_REQUEST(h, label, it, item)                                                        \
    do {                                                                                           \
        if (plain_iterator(it)) {                                                                  \
            item = val_type(it)->tp_next(it);                                                      \
            if (!item) return HS_RAISE;                                                            \
        } else {                                                                                   \
            return helper_next(h, label, it);                                                      \
        }                                                                                          \
    } while (0)

// Start iterating: F(slot) = iter(v), or request __iter__ (resume at label).
HelperStatus helper_start_iter(Helper *h, Value v, int slot, int label, bool *requested) {
    Type *t = val_type(v);
    *requested = false;
    if (t->dunders[DUNDER_ITER]) {
        *requested = true;
        return helper_call(h, label, t->dunders[DUNDER_ITER], tuple_pack(1, v), NULL);
    }
    Value it = obj_iter(v);
    if (!it) return HS_RAISE;
    F(slot) = it;
    return HS_RETURN;
}

// ---- print ------------------------------------------------------------------------------
// fields: args, kwargs, index, parts (list of str)

static HelperStatus print_step(Helper *h, Value in, Value *out) {
    Tuple *args = (Tuple *)F(HF_ARGS);
    int64_t i;
    switch (h->label) {
    case 0:
        F(2) = val_from_small(0);
        F(3) = (Value)list_new(args->len);
        break;
    default:
        if (!in) return HS_RAISE;
        if (!val_is(in, &StrType)) {
            err_format(&TypeErrorType, "__str__ returned non-string (type %s)", obj_type_name(in));
            return HS_RAISE;
        }
        list_append((List *)F(3), in);
        F(2) = val_from_small(val_small(F(2)) + 1);
        break;
    }
    for (i = val_small(F(2)); i < args->len; i++) {
        Value v = args->items[i];
        Type *t = val_type(v);
        if (t->flags & TF_HEAPTYPE) {
            Value d = t->dunders[DUNDER_STR] ? t->dunders[DUNDER_STR] : t->dunders[DUNDER_REPR];
            if (d && !((t->flags & TF_EXCEPTION) && !t->dunders[DUNDER_STR])) {
                F(2) = val_from_small(i);
                return helper_call(h, 1, d, tuple_pack(1, v), NULL);
            }
        }
        Value rec, s = obj_start_str(v, &rec);
        if (rec) {
            F(2) = val_from_small(i);
            return helper_sub(h, 1, rec);
        }
        if (!s) return HS_RAISE;
        list_append((List *)F(3), s);
    }
    Value sep = kwarg(h, "sep"), end = kwarg(h, "end"), file = kwarg(h, "file"),
          flush = kwarg(h, "flush");
    if (F(HF_KWARGS) != VAL_NONE) {
        Dict *kw = (Dict *)F(HF_KWARGS);
        int64_t pos = 0;
        Value k, v;
        while (dict_next(kw, &pos, &k, &v)) {
            if (!val_is(k, &StrType)) {
                err_format(&TypeErrorType, "keywords must be strings");
                return HS_RAISE;
            }
            Str *ks = (Str *)k;
            if (!str_eq_cstr(ks, "sep") && !str_eq_cstr(ks, "end") && !str_eq_cstr(ks, "file") &&
                !str_eq_cstr(ks, "flush")) {
                err_format(&TypeErrorType, "'%S' is an invalid keyword argument for print()", ks);
                return HS_RAISE;
            }
        }
    }
    if (sep && sep != VAL_NONE && !val_is(sep, &StrType)) {
        err_format(&TypeErrorType, "sep must be None or a string, not %s", obj_type_name(sep));
        return HS_RAISE;
    }
    if (end && end != VAL_NONE && !val_is(end, &StrType)) {
        err_format(&TypeErrorType, "end must be None or a string, not %s", obj_type_name(end));
        return HS_RAISE;
    }
    List *parts = (List *)F(3);
    StrBuf b;
    strbuf_init(&b);
    for (int64_t k = 0; k < parts->len; k++) {
        if (!val_is(parts->items[k], &StrType)) {
            err_format(&SystemErrorType, "print: a part is not a str");
            return HS_RAISE;
        }
        if (k) strbuf_putstr(&b, sep && sep != VAL_NONE ? (Str *)sep : NULL), (void)0;
        if (k && !(sep && sep != VAL_NONE)) strbuf_putc(&b, ' ');
        strbuf_putstr(&b, (Str *)parts->items[k]);
    }
    if (end && end != VAL_NONE)
        strbuf_putstr(&b, (Str *)end);
    else
        strbuf_putc(&b, '\n');
    Value f = file && file != VAL_NONE ? file : file_stdout();
    if (file_write(f, strbuf_finish(&b)) < 0) return HS_RAISE;
    if (flush && obj_truth(flush) == 1 && file_flush(f) < 0) return HS_RAISE;
    return *out = VAL_NONE, HS_RETURN;
}
// After the entry: args[index] is the argument being converted, parts the
// strs of those before it.
static bool print_validate(Helper *h) {
    if (h->label == 0) return true;
    Tuple *args = (Tuple *)F(HF_ARGS);
    if (F(2) == VAL_NONE || val_small(F(2)) < 0 || val_small(F(2)) >= args->len)
        return helper_field_error(h, 2, "not an index of args");
    if (F(3) == VAL_NONE) return helper_field_error(h, 3, "expected list, got None");
    List *parts = (List *)F(3);
    for (int64_t i = 0; i < parts->len; i++)
        if (!val_is(parts->items[i], &StrType))
            return helper_field_error(h, 3, "expected a list of str");
    return true;
}
HELPER_CHECKED(print_helper, "builtins.print", print_step, print_validate,
               "args:t kwargs:W index:I parts:L", "entry", "after_str")

// ---- next, iter -------------------------------------------------------------------------

static HelperStatus next_step(Helper *h, Value in, Value *out) {
    Tuple *args = (Tuple *)F(HF_ARGS);
    if (h->label == 0) {
        if (args->len < 1 || args->len > 2) {
            err_format(&TypeErrorType, "next expected at least 1 argument, got %d", (int)args->len);
            return HS_RAISE;
        }
        Value it = args->items[0];
        Type *t = val_type(it);
        if (!t->tp_next && !t->dunders[DUNDER_NEXT] && t != &GeneratorType) {
            err_format(&TypeErrorType, "'%s' object is not an iterator", t->name);
            return HS_RAISE;
        }
        // A generator's return value travels in its StopIteration.
        if (t == &GeneratorType) return helper_resume_gen(h, 1, HS_SEND, it, VAL_NONE);
        return helper_next(h, 1, it);
    }
    if (!in) {
        if (args->len == 2 && err_matches(&StopIterationType)) {
            err_clear();
            return *out = args->items[1], HS_RETURN;
        }
        return HS_RAISE;
    }
    if (in == ITER_DONE) {
        if (args->len == 2) return *out = args->items[1], HS_RETURN;
        err_raise_args(&StopIterationType, EMPTY_TUPLE);
        return HS_RAISE;
    }
    return *out = in, HS_RETURN;
}
HELPER(next_helper, "builtins.next", next_step, "args:t kwargs:W", "entry", "after_next")

static Value self_iter(Value s) {
    return s;
}

// iter(callable, sentinel): call until the sentinel comes back.

static Value calliter_next(Value self) {
    CallIter *c = (CallIter *)self;
    if (!c->func) return ITER_DONE;
    return ITER_NEEDS_HELPER; // the call may run Python code
}

// fields: calliter, result (of the call, while compared with the sentinel)
static HelperStatus calliter_next_step(Helper *h, Value in, Value *out) {
    CallIter *c = (CallIter *)F(0);
    switch (h->label) {
    case 0:
        if (!c->func) return *out = ITER_DONE, HS_RETURN;
        return helper_call(h, 1, c->func, EMPTY_TUPLE, NULL);
    case 1: {
        if (!in) {
            if (err_matches(&StopIterationType)) {
                err_clear();
                c->func = VAL_NULL;
                return *out = ITER_DONE, HS_RETURN;
            }
            return HS_RAISE;
        }
        F(1) = in;
        Value rec;
        in = obj_start_eq(c->sentinel, in, &rec);
        if (rec) return helper_sub(h, 2, rec);
        break;
    }
    default: break; // 2: after_eq
    }
    if (!in) return HS_RAISE;
    if (in == VAL_TRUE) {
        c->func = VAL_NULL;
        return *out = ITER_DONE, HS_RETURN;
    }
    return *out = F(1), HS_RETURN;
}
// The result of the call exists while it is compared with the sentinel.
static bool calliter_next_validate(Helper *h) {
    if (h->label == 2 && !F(1)) return helper_field_error(h, 1, "unset while compared");
    return true;
}
HELPER_CHECKED(calliter_next_helper, "callable_iterator.__next__", calliter_next_step,
               calliter_next_validate, "iterator:n result:V", "entry", "after_call", "after_eq")

Type CallIterType = {
    .obj = {&TypeType},
    .name = "callable_iterator",
    .inst_size = sizeof(CallIter),
    .tp_iter = self_iter,
    .tp_next = calliter_next,
    .next_helper = &calliter_next_helper,
};

static Value b_iter(Value *args, int nargs, Tuple *kw) {
    if (!no_kwargs("iter", kw)) return VAL_NULL;
    if (!args_check("iter", nargs, kw, 1, 2)) return VAL_NULL;
    if (nargs == 2) {
        Type *t = val_type(args[0]);
        if (!(t == &FuncType || t == &BuiltinType || t == &BoundMethodType || t == &TypeType ||
              t->tp_call || t->dunders[DUNDER_CALL]))
            return err_format(&TypeErrorType, "iter(v, w): v must be callable");
        CallIter *c = (CallIter *)obj_alloc(&CallIterType, sizeof(CallIter));
        c->func = args[0];
        c->sentinel = args[1];
        return (Value)c;
    }
    Value rec, r = obj_start_iter(args[0], &rec);
    return rec ? rec : r;
}

// ---- reductions: sum, any, all, min, max ----------------------------------------------
// fields: args, kwargs, iterator, acc, best_key, item

static HelperStatus sum_step(Helper *h, Value in, Value *out) {
    Tuple *args = (Tuple *)F(HF_ARGS);
    bool req;
    Value item;
    switch (h->label) {
    case 0: {
        if (args->len < 1 || args->len > 2) {
            err_format(&TypeErrorType, "sum() takes at most 2 arguments (%d given)",
                       (int)args->len);
            return HS_RAISE;
        }
        Value start = args->len > 1 ? args->items[1] : kwarg(h, "start");
        if (!start) start = val_from_small(0);
        if (val_is(start, &StrType)) {
            err_format(&TypeErrorType, "sum() can't sum strings [use ''.join(seq) instead]");
            return HS_RAISE;
        }
        F(3) = start;
        HelperStatus st = helper_start_iter(h, args->items[0], 2, 1, &req);
        if (req || st == HS_RAISE) return st;
        goto loop;
    }
    case 1:
        if (!in || !vm_check_iterator(in)) return HS_RAISE;
        F(2) = in;
        goto loop;
    case 2:
        if (!in) return HS_RAISE;
        item = in;
        goto have_item;
    default: // 3: after_add
        if (!in) return HS_RAISE;
        F(3) = in;
        goto loop;
    }
loop:
    for (;;) {
        NEXT_OR_REQUEST(h, 2, F(2), item);
    have_item:
        if (item == ITER_DONE) return *out = F(3), HS_RETURN;
        Value acc = F(3);
        if (val_is_small(acc) && val_is_small(item)) {
            int64_t r = val_small(acc) + val_small(item);
            F(3) = int_from_i64(r);
            continue;
        }
        Value rec, r = obj_start_binop(BINOP_ADD, acc, item, &rec);
        if (rec) return helper_sub(h, 3, rec);
        if (!r) return HS_RAISE;
        F(3) = r;
    }
}
HELPER(sum_helper, "builtins.sum", sum_step, "args:t kwargs:W iterator:v acc:v", "entry",
       "after_iter", "item", "after_add")

static HelperStatus anyall_step(Helper *h, Value in, Value *out, bool is_any) {
    Tuple *args = (Tuple *)F(HF_ARGS);
    bool req;
    Value item;
    switch (h->label) {
    case 0: {
        if (args->len != 1) {
            err_format(&TypeErrorType, "%s() takes exactly one argument (%d given)",
                       is_any ? "any" : "all", (int)args->len);
            return HS_RAISE;
        }
        HelperStatus st = helper_start_iter(h, args->items[0], 2, 1, &req);
        if (req || st == HS_RAISE) return st;
        goto loop;
    }
    case 1:
        if (!in || !vm_check_iterator(in)) return HS_RAISE;
        F(2) = in;
        goto loop;
    case 2:
        if (!in) return HS_RAISE;
        item = in;
        goto have_item;
    default: // 3: after_truth
        if (!in) return HS_RAISE;
        if ((in == VAL_TRUE) == is_any) return *out = val_bool(is_any), HS_RETURN;
        goto loop;
    }
loop:
    for (;;) {
        NEXT_OR_REQUEST(h, 2, F(2), item);
    have_item:
        if (item == ITER_DONE) return *out = val_bool(!is_any), HS_RETURN;
        Value rec, t = obj_start_truth(item, &rec);
        if (rec) return helper_sub(h, 3, rec);
        if (!t) return HS_RAISE;
        if ((t == VAL_TRUE) == is_any) return *out = val_bool(is_any), HS_RETURN;
    }
}
static HelperStatus any_step(Helper *h, Value in, Value *out) {
    return anyall_step(h, in, out, true);
}
static HelperStatus all_step(Helper *h, Value in, Value *out) {
    return anyall_step(h, in, out, false);
}
HELPER(any_helper, "builtins.any", any_step, "args:t kwargs:W iterator:v", "entry", "after_iter",
       "item", "after_truth")
HELPER(all_helper, "builtins.all", all_step, "args:t kwargs:W iterator:v", "entry", "after_iter",
       "item", "after_truth")

// min/max. fields: args, kwargs, iterator, best, best_key, item
static HelperStatus minmax_step(Helper *h, Value in, Value *out, bool is_max) {
    Tuple *args = (Tuple *)F(HF_ARGS);
    const char *fname = is_max ? "max" : "min";
    Value key = kwarg(h, "key");
    if (key == VAL_NONE) key = VAL_NULL;
    bool req;
    Value item, k;
    switch (h->label) {
    case 0: {
        if (args->len == 0) {
            err_format(&TypeErrorType, "%s expected at least 1 argument, got 0", fname);
            return HS_RAISE;
        }
        if (F(HF_KWARGS) != VAL_NONE) {
            int64_t pos = 0;
            Value kk, vv;
            while (dict_next((Dict *)F(HF_KWARGS), &pos, &kk, &vv))
                if (!str_eq_cstr((Str *)kk, "key") && !str_eq_cstr((Str *)kk, "default")) {
                    err_format(&TypeErrorType, "%s() got an unexpected keyword argument '%S'",
                               fname, (Str *)kk);
                    return HS_RAISE;
                }
        }
        if (args->len > 1 && kwarg(h, "default")) {
            err_format(&TypeErrorType,
                       "Cannot specify a default for %s() with multiple positional arguments",
                       fname);
            return HS_RAISE;
        }
        F(3) = VAL_NULL;
        Value src = args->len == 1 ? args->items[0] : (Value)args;
        HelperStatus st = helper_start_iter(h, src, 2, 1, &req);
        if (req || st == HS_RAISE) return st;
        goto loop;
    }
    case 1:
        if (!in || !vm_check_iterator(in)) return HS_RAISE;
        F(2) = in;
        goto loop;
    case 2:
        if (!in) return HS_RAISE;
        item = in;
        goto have_item;
    case 3: // key computed for F(5)
        if (!in) return HS_RAISE;
        item = F(5);
        k = in;
        goto have_key;
    default: // 4: F(6), the key of F(5), compared with the best key
        if (!in) return HS_RAISE;
        if (in == VAL_TRUE) {
            F(3) = F(5);
            F(4) = F(6);
        }
        goto loop;
    }
loop:
    for (;;) {
        NEXT_OR_REQUEST(h, 2, F(2), item);
    have_item:
        if (item == ITER_DONE) {
            if (!F(3)) {
                Value d = kwarg(h, "default");
                if (d) return *out = d, HS_RETURN;
                err_format(&ValueErrorType, "%s() arg is an empty sequence", fname);
                return HS_RAISE;
            }
            return *out = F(3), HS_RETURN;
        }
        if (key) {
            F(5) = item;
            return helper_call(h, 3, key, tuple_pack(1, item), NULL);
        }
        k = item;
    have_key:
        if (!F(3)) {
            F(3) = item;
            F(4) = k;
            continue;
        }
        Value rec, c = obj_start_compare_bool(is_max ? CMP_GT : CMP_LT, k, F(4), &rec);
        if (rec) {
            F(5) = item;
            F(6) = k;
            return helper_sub(h, 4, rec);
        }
        if (!c) return HS_RAISE;
        if (c == VAL_TRUE) {
            F(3) = item;
            F(4) = k;
        }
    }
}
static HelperStatus min_step(Helper *h, Value in, Value *out) {
    return minmax_step(h, in, out, false);
}
static HelperStatus max_step(Helper *h, Value in, Value *out) {
    return minmax_step(h, in, out, true);
}
// A best item has its key; the item whose key is being computed is set.
static bool minmax_validate(Helper *h) {
    if (h->label > 0 && F(3) && !F(4)) return helper_field_error(h, 4, "unset with a best item");
    if (h->label >= 3 && !F(5)) return helper_field_error(h, 5, "unset while its key is used");
    if (h->label == 4 && (!F(6) || !F(3)))
        return helper_field_error(h, F(6) ? 3 : 6, "unset while compared");
    return true;
}
#define MINMAX_FIELDS "args:t kwargs:W iterator:v best:V best_key:V item:V item_key:V"
HELPER_CHECKED(min_helper, "builtins.min", min_step, minmax_validate, MINMAX_FIELDS, "entry",
               "after_iter", "item", "after_key", "after_compare")
HELPER_CHECKED(max_helper, "builtins.max", max_step, minmax_validate, MINMAX_FIELDS, "entry",
               "after_iter", "item", "after_key", "after_compare")

// ---- lazy iterators: enumerate, zip, map, filter ----------------------------------------

static Value enumerate_next(Value self) {
    Enumerate *e = (Enumerate *)self;
    if (!plain_iterator(e->it)) return ITER_NEEDS_HELPER;
    Value v = val_type(e->it)->tp_next(e->it);
    if (!v || v == ITER_DONE) return v;
    return (Value)tuple_pack(2, int_from_i64(e->count++), v);
}

static HelperStatus enumerate_next_step(Helper *h, Value in, Value *out) {
    Enumerate *e = (Enumerate *)F(0);
    if (h->label == 0) return helper_next(h, 1, e->it);
    if (!in || in == ITER_DONE) return *out = in, in ? HS_RETURN : HS_RAISE;
    return *out = (Value)tuple_pack(2, int_from_i64(e->count++), in), HS_RETURN;
}
HELPER(enumerate_next_helper, "enumerate.__next__", enumerate_next_step, "enumerate:n", "entry",
       "item")

static Value enumerate_new(Type *t, Value *args, int nargs, Tuple *kw) {
    int nkw = kw ? (int)kw->len : 0;
    int npos = nargs - nkw;
    Value src = npos > 0 ? args[0] : VAL_NULL;
    Value start = npos > 1 ? args[1] : VAL_NULL;
    for (int i = 0; i < nkw; i++) {
        Str *n = (Str *)kw->items[i];
        if (str_eq_cstr(n, "start"))
            start = args[npos + i];
        else if (str_eq_cstr(n, "iterable"))
            src = args[npos + i];
        else
            return err_format(&TypeErrorType, "'%S' is an invalid keyword argument for enumerate()",
                              n);
    }
    if (!src)
        return err_format(&TypeErrorType,
                          "enumerate() missing required argument 'iterable' (pos 1)");
    Enumerate *e = (Enumerate *)obj_alloc(&EnumerateType, sizeof(Enumerate));
    e->it = obj_iter(src);
    if (!e->it) return VAL_NULL;
    if (start && !obj_to_int64(start, &e->count)) return VAL_NULL;
    return (Value)e;
}

Type EnumerateType = {
    .obj = {&TypeType},
    .name = "enumerate",
    .inst_size = sizeof(Enumerate),
    .tp_new = enumerate_new,
    .tp_iter = self_iter,
    .tp_next = enumerate_next,
    .next_helper = &enumerate_next_helper,
};

static Value zip_next(Value self) {
    Zip *z = (Zip *)self;
    if (z->its->len == 0) return ITER_DONE;
    for (int64_t i = 0; i < z->its->len; i++)
        if (!plain_iterator(z->its->items[i])) return ITER_NEEDS_HELPER;
    Tuple *t = tuple_new(z->its->len);
    for (int64_t i = 0; i < z->its->len; i++) {
        Value it = z->its->items[i];
        Value v = val_type(it)->tp_next(it);
        if (!v || v == ITER_DONE) return v;
        t->items[i] = v;
    }
    return (Value)t;
}

// fields: zip, index, tuple being built
static HelperStatus zip_next_step(Helper *h, Value in, Value *out) {
    Zip *z = (Zip *)F(0);
    int64_t i;
    if (h->label == 0) {
        if (z->its->len == 0) return *out = ITER_DONE, HS_RETURN;
        F(2) = (Value)tuple_new(z->its->len);
        // None until filled: a helper's fields never hold a tuple with holes.
        for (int64_t k = 0; k < z->its->len; k++) ((Tuple *)F(2))->items[k] = VAL_NONE;
        i = 0;
    } else {
        if (!in) return HS_RAISE;
        if (in == ITER_DONE) return *out = ITER_DONE, HS_RETURN;
        i = val_small(F(1));
        ((Tuple *)F(2))->items[i++] = in;
    }
    for (; i < z->its->len; i++) {
        Value it = z->its->items[i];
        if (!plain_iterator(it)) {
            F(1) = val_from_small(i);
            return helper_next(h, 1, it);
        }
        Value v = val_type(it)->tp_next(it);
        if (!v) return HS_RAISE;
        if (v == ITER_DONE) return *out = ITER_DONE, HS_RETURN;
        ((Tuple *)F(2))->items[i] = v;
    }
    return *out = F(2), HS_RETURN;
}
// While an item is fetched: the tuple being built for the zip's iterators,
// index the one being advanced.
static bool zip_map_validate(Helper *h, Tuple *its) {
    if (!its || !val_is((Value)its, &TupleType))
        return helper_field_error(h, 0, "the iterator has no tuple of iterators");
    if (h->label != 1) return true;
    if (F(1) == VAL_NONE || val_small(F(1)) < 0 || val_small(F(1)) >= its->len)
        return helper_field_error(h, 1, "not an index of the iterators");
    if (F(2) == VAL_NONE || ((Tuple *)F(2))->len != its->len)
        return helper_field_error(h, 2, "expected a tuple of %lld items", (long long)its->len);
    return true;
}
static bool zip_next_validate(Helper *h) {
    return zip_map_validate(h, ((Zip *)F(0))->its);
}
HELPER_CHECKED(zip_next_helper, "zip.__next__", zip_next_step, zip_next_validate,
               "zip:n index:I items:T", "entry", "item")

static Tuple *iters_of(Value *args, int n) {
    Tuple *t = tuple_new(n);
    for (int i = 0; i < n; i++) {
        Value it = obj_iter(args[i]);
        if (!it) return NULL;
        t->items[i] = it;
    }
    return t;
}

static Value zip_new(Type *t, Value *args, int nargs, Tuple *kw) {
    int nkw = kw ? (int)kw->len : 0;
    for (int i = 0; i < nkw; i++)
        if (!str_eq_cstr((Str *)kw->items[i], "strict"))
            return err_format(&TypeErrorType, "zip() got an unexpected keyword argument '%S'",
                              (Str *)kw->items[i]);
    Zip *z = (Zip *)obj_alloc(&ZipType, sizeof(Zip));
    z->its = iters_of(args, nargs - nkw);
    if (!z->its) return VAL_NULL;
    return (Value)z;
}

Type ZipType = {
    .obj = {&TypeType},
    .name = "zip",
    .inst_size = sizeof(Zip),
    .tp_new = zip_new,
    .tp_iter = self_iter,
    .tp_next = zip_next,
    .next_helper = &zip_next_helper,
};

static bool plain_callable(Value f) {
    return val_is(f, &BuiltinType) && !((Builtin *)f)->helper;
}

// Call the plain builtin [b] from a tp_next slot; a record it returns
// (helper.h) runs nested (counted), as a tp_next slot cannot make requests.
static Value call_plain(Builtin *b, Value *args, int nargs) {
    Value r;
    if (b->self) {
        Value *a = gc_alloc(sizeof(Value) * (size_t)(nargs + 1));
        a[0] = b->self;
        memcpy(a + 1, args, sizeof(Value) * (size_t)nargs);
        r = b->fn(a, nargs + 1, NULL);
    } else {
        r = b->fn(args, nargs, NULL);
    }
    if (r && val_is(r, &HelperType)) return vm_call_nested(r, NULL, 0, NULL);
    return r;
}

static Value map_next(Value self) {
    MapIter *m = (MapIter *)self;
    if (!plain_callable(m->func)) return ITER_NEEDS_HELPER;
    for (int64_t i = 0; i < m->its->len; i++)
        if (!plain_iterator(m->its->items[i])) return ITER_NEEDS_HELPER;
    Value *a = gc_alloc(sizeof(Value) * (size_t)m->its->len);
    for (int64_t i = 0; i < m->its->len; i++) {
        Value it = m->its->items[i];
        Value v = val_type(it)->tp_next(it);
        if (!v || v == ITER_DONE) return v;
        a[i] = v;
    }
    return call_plain((Builtin *)m->func, a, (int)m->its->len);
}

// fields: map, index, args tuple
static HelperStatus map_next_step(Helper *h, Value in, Value *out) {
    MapIter *m = (MapIter *)F(0);
    int64_t i;
    switch (h->label) {
    case 0:
        F(2) = (Value)tuple_new(m->its->len);
        for (int64_t k = 0; k < m->its->len; k++) ((Tuple *)F(2))->items[k] = VAL_NONE;
        i = 0;
        break;
    case 1:
        if (!in) return HS_RAISE;
        if (in == ITER_DONE) return *out = ITER_DONE, HS_RETURN;
        i = val_small(F(1));
        ((Tuple *)F(2))->items[i++] = in;
        break;
    default:
        if (!in) return HS_RAISE;
        return *out = in, HS_RETURN;
    }
    for (; i < m->its->len; i++) {
        Value it = m->its->items[i];
        if (!plain_iterator(it)) {
            F(1) = val_from_small(i);
            return helper_next(h, 1, it);
        }
        Value v = val_type(it)->tp_next(it);
        if (!v) return HS_RAISE;
        if (v == ITER_DONE) return *out = ITER_DONE, HS_RETURN;
        ((Tuple *)F(2))->items[i] = v;
    }
    return helper_call(h, 2, m->func, (Tuple *)F(2), NULL);
}
static bool map_next_validate(Helper *h) {
    return zip_map_validate(h, ((MapIter *)F(0))->its);
}
HELPER_CHECKED(map_next_helper, "map.__next__", map_next_step, map_next_validate,
               "map:n index:I args:T", "entry", "item", "after_call")

static Value map_new(Type *t, Value *args, int nargs, Tuple *kw) {
    if (!no_kwargs("map", kw)) return VAL_NULL;
    if (nargs < 2) return err_format(&TypeErrorType, "map() must have at least two arguments.");
    MapIter *m = (MapIter *)obj_alloc(&MapType, sizeof(MapIter));
    m->func = args[0];
    m->its = iters_of(args + 1, nargs - 1);
    if (!m->its) return VAL_NULL;
    return (Value)m;
}

Type MapType = {
    .obj = {&TypeType},
    .name = "map",
    .inst_size = sizeof(MapIter),
    .tp_new = map_new,
    .tp_iter = self_iter,
    .tp_next = map_next,
    .next_helper = &map_next_helper,
};

static Value filter_next(Value self) {
    FilterIter *fi = (FilterIter *)self;
    if (!plain_iterator(fi->it)) return ITER_NEEDS_HELPER;
    if (fi->func != VAL_NONE && !plain_callable(fi->func)) return ITER_NEEDS_HELPER;
    for (;;) {
        Value v = val_type(fi->it)->tp_next(fi->it);
        if (!v || v == ITER_DONE) return v;
        Value r = v;
        if (fi->func != VAL_NONE) {
            r = call_plain((Builtin *)fi->func, &v, 1);
            if (!r) return VAL_NULL;
        }
        int t = obj_truth(r);
        if (t < 0) return VAL_NULL;
        if (t) return v;
    }
}

// fields: filter, item
static HelperStatus filter_next_step(Helper *h, Value in, Value *out) {
    FilterIter *fi = (FilterIter *)F(0);
    switch (h->label) {
    case 0: return helper_next(h, 1, fi->it);
    case 1:
        if (!in) return HS_RAISE;
        if (in == ITER_DONE) return *out = ITER_DONE, HS_RETURN;
        F(1) = in;
        if (fi->func != VAL_NONE) return helper_call(h, 2, fi->func, tuple_pack(1, in), NULL);
        break;
    case 2:
        if (!in) return HS_RAISE;
        break;
    default: // 3: after_truth
        if (!in) return HS_RAISE;
        if (in == VAL_TRUE) return *out = F(1), HS_RETURN;
        return helper_next(h, 1, fi->it);
    }
    Value rec, t = obj_start_truth(h->label == 1 ? F(1) : in, &rec);
    if (rec) return helper_sub(h, 3, rec);
    if (!t) return HS_RAISE;
    if (t == VAL_TRUE) return *out = F(1), HS_RETURN;
    return helper_next(h, 1, fi->it);
}
HELPER(filter_next_helper, "filter.__next__", filter_next_step, "filter:n item:v", "entry", "item",
       "after_call", "after_truth")

static Value filter_new(Type *t, Value *args, int nargs, Tuple *kw) {
    if (!no_kwargs("filter", kw)) return VAL_NULL;
    if (nargs != 2) return err_format(&TypeErrorType, "filter expected 2 arguments, got %d", nargs);
    FilterIter *fi = (FilterIter *)obj_alloc(&FilterType, sizeof(FilterIter));
    fi->func = args[0];
    fi->it = obj_iter(args[1]);
    if (!fi->it) return VAL_NULL;
    return (Value)fi;
}

Type FilterType = {
    .obj = {&TypeType},
    .name = "filter",
    .inst_size = sizeof(FilterIter),
    .tp_new = filter_new,
    .tp_iter = self_iter,
    .tp_next = filter_next,
    .next_helper = &filter_next_helper,
};

// reversed(): lists and ranges have their own iterators; other sequences
// are walked backwards through __getitem__.
static Value reviter_next(Value self) {
    RevIter *r = (RevIter *)self;
    if (r->index < 0) return ITER_DONE;
    Value v = obj_getitem(r->seq, int_from_i64(r->index));
    if (!v) return VAL_NULL;
    r->index--;
    return v;
}

Type ReversedType = {
    .obj = {&TypeType},
    .name = "reversed",
    .inst_size = sizeof(RevIter),
    .tp_iter = self_iter,
    .tp_next = reviter_next,
};

static Value b_reversed(Value *args, int nargs, Tuple *kw) {
    if (!no_kwargs("reversed", kw) || !args_check("reversed", nargs, kw, 1, 1)) return VAL_NULL;
    Value v = args[0];
    Type *t = val_type(v);
    if (t->dunders[DUNDER_REVERSED])
        return obj_call_record(t->dunders[DUNDER_REVERSED], tuple_pack(1, v), VAL_NULL);
    extern Value list_reversed(List * l);
    extern Value range_reversed(Range * r);
    if (t == &ListType) return list_reversed((List *)v);
    if (t == &DictType || t == &DictKeysType || t == &DictValuesType || t == &DictItemsType)
        return dict_reversed(v);
    if (t == &RangeType) return range_reversed((Range *)v);
    if (t == &SetType || t == &FrozenSetType || (!t->tp_getitem && !t->dunders[DUNDER_GETITEM]))
        return err_format(&TypeErrorType, "'%s' object is not reversible", t->name);
    int64_t n = obj_len(v);
    if (n < 0) return VAL_NULL;
    RevIter *r = (RevIter *)obj_alloc(&ReversedType, sizeof(RevIter));
    r->seq = v;
    r->index = n - 1;
    return (Value)r;
}

// ---- super ----------------------------------------------------------------------------------

static Value super_new(Type *t, Value *args, int nargs, Tuple *kw) {
    if (nargs != 2) return err_format(&RuntimeErrorType, "super(): no arguments");
    if (!val_is(args[0], &TypeType))
        return err_format(&TypeErrorType, "super() argument 1 must be a type, not %s",
                          obj_type_name(args[0]));
    Super *s = (Super *)obj_alloc(&SuperType, sizeof(Super));
    s->cls = (Type *)args[0];
    s->self = args[1];
    Type *st = val_is(args[1], &TypeType) && type_is_subtype((Type *)args[1], s->cls)
                   ? (Type *)args[1]
                   : val_type(args[1]);
    if (!type_is_subtype(st, s->cls))
        return err_format(&TypeErrorType,
                          "super(type, obj): obj must be an instance or subtype of type");
    return (Value)s;
}

static Value super_getattr(Value self, Str *name) {
    Super *s = (Super *)self;
    bool is_type = val_is(s->self, &TypeType) && type_is_subtype((Type *)s->self, s->cls);
    Type *start = is_type ? (Type *)s->self : val_type(s->self);
    Tuple *mro = start->mro;
    int64_t i = 0;
    while (i < mro->len && mro->items[i] != (Value)s->cls) i++;
    for (i++; i < mro->len; i++) {
        Type *b = (Type *)mro->items[i];
        Value d = dict_get_str(b->dict, name);
        if (!d) continue;
        Type *dt = val_type(d);
        if (dt == &ClassMethodType) return method_new(((ClassMethod *)d)->func, (Value)start);
        if (dt == &StaticMethodType) return ((StaticMethod *)d)->func;
        if (is_type) return d;
        if (dt == &PropertyType) {
            Property *p = (Property *)d;
            return vm_call_nested(p->fget, &s->self, 1, NULL);
        }
        if (dt->tp_descr_get) return dt->tp_descr_get(d, s->self, start);
        return d;
    }
    return err_format(&AttributeErrorType, "'super' object has no attribute '%S'", name);
}

Type SuperType = {
    .obj = {&TypeType},
    .name = "super",
    .inst_size = sizeof(Super),
    .tp_new = super_new,
    .tp_getattr = super_getattr,
};

// ---- simple builtins --------------------------------------------------------------------------

static Value b_len(Value *args, int nargs, Tuple *kw) {
    if (!args_check("len", nargs, kw, 1, 1)) return VAL_NULL;
    Type *t = val_type(args[0]);
    if (!t->dunders[DUNDER_LEN] && t->tp_len) {
        int64_t n = t->tp_len(args[0]);
        return n < 0 ? VAL_NULL : int_from_i64(n);
    }
    Value rec, r = obj_start_len(args[0], &rec);
    return rec ? rec : r;
}

static Value b_ascii(Value *args, int nargs, Tuple *kw) {
    if (!args_check("ascii", nargs, kw, 1, 1)) return VAL_NULL;
    return (Value)obj_ascii(args[0]);
}

static Value b_format(Value *args, int nargs, Tuple *kw) {
    if (!args_check("format", nargs, kw, 1, 2)) return VAL_NULL;
    Value spec = nargs > 1 ? args[1] : (Value)str_empty();
    if (!val_is(spec, &StrType))
        return err_format(&TypeErrorType, "format() argument 2 must be str, not %s",
                          obj_type_name(spec));
    Value rec, r = obj_start_format(args[0], (Str *)spec, &rec);
    return rec ? rec : r;
}

static Value b_abs(Value *args, int nargs, Tuple *kw) {
    if (!args_check("abs", nargs, kw, 1, 1)) return VAL_NULL;
    Value v = args[0];
    if (val_is_int(v)) {
        int64_t i = int_value(v);
        if (i == INT64_MIN)
            return err_format(&OverflowErrorType, "integer overflow (prickle ints are 64-bit)");
        return int_from_i64(i < 0 ? -i : i);
    }
    if (val_is(v, &FloatType)) {
        double d = float_value(v);
        return float_new(d < 0 ? -d : (d == 0 ? 0.0 : d));
    }
    Type *t = val_type(v);
    if (t->dunders[DUNDER_ABS])
        return obj_call_record(t->dunders[DUNDER_ABS], tuple_pack(1, v), VAL_NULL);
    return err_format(&TypeErrorType, "bad operand type for abs(): '%s'", t->name);
}

static bool check_class_or_tuple(Value c, const char *fname) {
    if (val_is(c, &TypeType)) return true;
    if (val_is(c, &TupleType)) {
        Tuple *t = (Tuple *)c;
        for (int64_t i = 0; i < t->len; i++)
            if (!check_class_or_tuple(t->items[i], fname)) return false;
        return true;
    }
    err_format(&TypeErrorType, "%s() arg 2 must be a type, a tuple of types, or a union", fname);
    return false;
}

static bool subclass_of(Type *t, Value c) {
    if (val_is(c, &TupleType)) {
        Tuple *tt = (Tuple *)c;
        for (int64_t i = 0; i < tt->len; i++)
            if (subclass_of(t, tt->items[i])) return true;
        return false;
    }
    Type *ct = (Type *)c;
    if (ct == &IntType && t == &BoolType) return true;
    return type_is_subtype(t, ct);
}

static Value b_isinstance(Value *args, int nargs, Tuple *kw) {
    if (!args_check("isinstance", nargs, kw, 2, 2)) return VAL_NULL;
    if (!check_class_or_tuple(args[1], "isinstance")) return VAL_NULL;
    return val_bool(subclass_of(val_type(args[0]), args[1]));
}

static Value b_issubclass(Value *args, int nargs, Tuple *kw) {
    if (!args_check("issubclass", nargs, kw, 2, 2)) return VAL_NULL;
    if (!val_is(args[0], &TypeType))
        return err_format(&TypeErrorType, "issubclass() arg 1 must be a class");
    if (!check_class_or_tuple(args[1], "issubclass")) return VAL_NULL;
    return val_bool(subclass_of((Type *)args[0], args[1]));
}

static bool attr_name(Value v, const char *fname, Str **out) {
    if (!val_is(v, &StrType)) {
        err_format(&TypeErrorType, "attribute name must be string, not '%s'", obj_type_name(v));
        return false;
    }
    *out = str_intern((Str *)v);
    return true;
}

// getattr(o, name[, default]) and hasattr(o, name) when a property getter,
// a user __get__ or __getattr__ must run.
// fields: obj, name, getter, args (of the getter), mode, default
enum { GA_PLAIN, GA_DEFAULT, GA_HAS };

// The attribute [v] was found (mode GA_HAS: True).
static Value getattr_found(int mode, Value v) {
    return mode == GA_HAS ? VAL_TRUE : v;
}

// The attribute is missing (an AttributeError may be pending).
static Value getattr_missing(int mode, Value dflt) {
    if (mode == GA_PLAIN) return VAL_NULL;
    err_clear();
    return mode == GA_HAS ? VAL_FALSE : dflt;
}

static HelperStatus getattr_b_step(Helper *h, Value in, Value *out) {
    int mode = (int)val_small(F(4));
    switch (h->label) {
    case 0: return helper_call(h, 1, F(2), (Tuple *)F(3), NULL);
    case 1: {
        if (in) break;
        if (!err_matches(&AttributeErrorType)) return HS_RAISE;
        Value ga = val_type(F(0))->dunders[DUNDER_GETATTR];
        if (ga && ga != F(2)) {
            err_clear();
            return helper_call(h, 2, ga, tuple_pack(2, F(0), F(1)), NULL);
        }
        return (*out = getattr_missing(mode, F(5))) ? HS_RETURN : HS_RAISE;
    }
    default: // 2: after __getattr__
        if (in) break;
        if (!err_matches(&AttributeErrorType)) return HS_RAISE;
        return (*out = getattr_missing(mode, F(5))) ? HS_RETURN : HS_RAISE;
    }
    return *out = getattr_found(mode, in), HS_RETURN;
}
static bool getattr_b_validate(Helper *h) {
    if (val_small(F(4)) < GA_PLAIN || val_small(F(4)) > GA_HAS)
        return helper_field_error(h, 4, "unknown mode");
    return true;
}
HELPER_CHECKED(getattr_b_helper, "builtins.getattr", getattr_b_step, getattr_b_validate,
               "obj:v name:s getter:v args:t mode:i default:v", "entry", "after_getter",
               "after_getattr")

static Value getattr_common(Value o, Str *name, int mode, Value dflt) {
    Value out, cargs[3];
    int nc;
    switch (attr_get(o, name, &out, cargs, &nc)) {
    case ATTR_FOUND: return getattr_found(mode, out);
    case ATTR_MISSING: return mode == GA_PLAIN ? attr_error(o, name) : getattr_missing(mode, dflt);
    case ATTR_ERROR:
        if (!err_matches(&AttributeErrorType)) return VAL_NULL;
        return getattr_missing(mode, dflt);
    case ATTR_CALL: break;
    }
    Helper *h = helper_new(&getattr_b_helper);
    h->fields[0] = o;
    h->fields[1] = (Value)name;
    h->fields[2] = out;
    h->fields[3] = (Value)tuple_from(cargs, nc);
    h->fields[4] = val_from_small(mode);
    h->fields[5] = dflt;
    return (Value)h;
}

static Value b_getattr(Value *args, int nargs, Tuple *kw) {
    if (!args_check("getattr", nargs, kw, 2, 3)) return VAL_NULL;
    Str *name;
    if (!attr_name(args[1], "getattr", &name)) return VAL_NULL;
    return getattr_common(args[0], name, nargs == 3 ? GA_DEFAULT : GA_PLAIN,
                          nargs == 3 ? args[2] : VAL_NONE);
}

static Value b_hasattr(Value *args, int nargs, Tuple *kw) {
    if (!args_check("hasattr", nargs, kw, 2, 2)) return VAL_NULL;
    Str *name;
    if (!attr_name(args[1], "hasattr", &name)) return VAL_NULL;
    return getattr_common(args[0], name, GA_HAS, VAL_NONE);
}

// setattr/delattr: a property setter, __set__ or __setattr__ runs as a
// vm.call record whose result is None.
static Value setattr_common(Value o, Str *name, Value x) {
    Value out, cargs[3];
    int nc;
    switch (attr_set(o, name, x, &out, cargs, &nc)) {
    case ATTR_FOUND: return VAL_NONE;
    case ATTR_MISSING: return attr_error(o, name);
    case ATTR_ERROR: return VAL_NULL;
    case ATTR_CALL: break;
    }
    return obj_call_record(out, tuple_from(cargs, nc), VAL_NONE);
}

static Value b_setattr(Value *args, int nargs, Tuple *kw) {
    if (!args_check("setattr", nargs, kw, 3, 3)) return VAL_NULL;
    Str *name;
    if (!attr_name(args[1], "setattr", &name)) return VAL_NULL;
    return setattr_common(args[0], name, args[2]);
}

static Value b_delattr(Value *args, int nargs, Tuple *kw) {
    if (!args_check("delattr", nargs, kw, 2, 2)) return VAL_NULL;
    Str *name;
    if (!attr_name(args[1], "delattr", &name)) return VAL_NULL;
    return setattr_common(args[0], name, VAL_NULL);
}

static Value b_hash(Value *args, int nargs, Tuple *kw) {
    if (!args_check("hash", nargs, kw, 1, 1)) return VAL_NULL;
    Value rec, r = obj_start_hash(args[0], &rec);
    return rec ? rec : r;
}

static Value b_id(Value *args, int nargs, Tuple *kw) {
    if (!args_check("id", nargs, kw, 1, 1)) return VAL_NULL;
    return int_from_i64((int64_t)(uintptr_t)args[0]);
}

static Value b_callable(Value *args, int nargs, Tuple *kw) {
    if (!args_check("callable", nargs, kw, 1, 1)) return VAL_NULL;
    return val_bool(obj_callable(args[0]));
}

static Value b_ord(Value *args, int nargs, Tuple *kw) {
    if (!args_check("ord", nargs, kw, 1, 1)) return VAL_NULL;
    Value v = args[0];
    if (val_is(v, &StrType)) {
        Str *s = (Str *)v;
        if (s->nchars != 1)
            return err_format(&TypeErrorType,
                              "ord() expected a character, but string of length %lld found",
                              (long long)s->nchars);
        const unsigned char *p = (const unsigned char *)s->data;
        uint32_t cp = p[0];
        int n = 1;
        if (cp >= 0xf0)
            cp &= 0x07, n = 4;
        else if (cp >= 0xe0)
            cp &= 0x0f, n = 3;
        else if (cp >= 0xc0)
            cp &= 0x1f, n = 2;
        for (int i = 1; i < n; i++) cp = (cp << 6) | (p[i] & 0x3f);
        return int_from_i64(cp);
    }
    if (val_is(v, &BytesType)) {
        Bytes *b = (Bytes *)v;
        if (b->len != 1)
            return err_format(&TypeErrorType,
                              "ord() expected a character, but string of length %lld found",
                              (long long)b->len);
        return int_from_i64(b->data[0]);
    }
    return err_format(&TypeErrorType, "ord() expected string of length 1, but %s found",
                      obj_type_name(v));
}

static Value b_chr(Value *args, int nargs, Tuple *kw) {
    if (!args_check("chr", nargs, kw, 1, 1)) return VAL_NULL;
    if (user_index_arg(args, 0)) return index_call("builtins.chr", args, nargs, 0);
    int64_t i;
    if (!obj_to_int64(args[0], &i)) return VAL_NULL;
    if (i < 0 || i > 0x10ffff)
        return err_format(&ValueErrorType, "chr() arg not in range(0x110000)");
    return (Value)str_from_codepoint((uint32_t)i);
}

static Value b_divmod(Value *args, int nargs, Tuple *kw) {
    if (!args_check("divmod", nargs, kw, 2, 2)) return VAL_NULL;
    Value q = obj_binop(BINOP_FLOORDIV, args[0], args[1]);
    if (!q) {
        if (err_matches(&TypeErrorType)) {
            err_clear();
            return err_format(&TypeErrorType,
                              "unsupported operand type(s) for divmod(): '%s' and '%s'",
                              obj_type_name(args[0]), obj_type_name(args[1]));
        }
        return VAL_NULL;
    }
    Value r = obj_binop(BINOP_MOD, args[0], args[1]);
    if (!r) return VAL_NULL;
    return (Value)tuple_pack(2, q, r);
}

static Value b_pow(Value *args, int nargs, Tuple *kw) {
    if (!args_check("pow", nargs, kw, 2, 3)) return VAL_NULL;
    if (nargs == 3 && args[2] != VAL_NONE) {
        if (!val_is_int(args[0]) || !val_is_int(args[1]) || !val_is_int(args[2]))
            return err_format(&TypeErrorType,
                              "pow() 3rd argument not allowed unless all arguments are integers");
        int64_t b = int_value(args[0]), e = int_value(args[1]), m = int_value(args[2]);
        if (m == 0) return err_format(&ValueErrorType, "pow() 3rd argument cannot be 0");
        __int128 am = m < 0 ? -(__int128)m : m;
        __int128 x = ((b % am) + am) % am;
        if (e < 0) {
            // The modular inverse (extended Euclid), then the positive power.
            __int128 r0 = am, r1 = x, t0 = 0, t1 = 1;
            while (r1) {
                __int128 q = r0 / r1, tmp = r0 - q * r1;
                r0 = r1, r1 = tmp;
                tmp = t0 - q * t1;
                t0 = t1, t1 = tmp;
            }
            if (r0 != 1)
                return err_format(&ValueErrorType, "base is not invertible for the given modulus");
            x = ((t0 % am) + am) % am;
            e = -e;
        }
        __int128 r = 1 % am;
        while (e > 0) {
            if (e & 1) r = (r * x) % am;
            x = (x * x) % am;
            e >>= 1;
        }
        int64_t res = (int64_t)r;
        if (m < 0 && res > 0) res += m;
        return int_from_i64(res);
    }
    Value rec, r = obj_start_binop(BINOP_POW, args[0], args[1], &rec);
    return rec ? rec : r;
}

static Value b_round(Value *args, int nargs, Tuple *kw) {
    int nkw = kw ? (int)kw->len : 0;
    Value x = nargs - nkw > 0 ? args[0] : VAL_NULL, nd = nargs - nkw > 1 ? args[1] : VAL_NONE;
    for (int i = 0; i < nkw; i++) {
        Str *n = (Str *)kw->items[i];
        if (str_eq_cstr(n, "ndigits"))
            nd = args[nargs - nkw + i];
        else if (str_eq_cstr(n, "number"))
            x = args[nargs - nkw + i];
        else
            return err_format(&TypeErrorType, "round() got an unexpected keyword argument '%S'", n);
    }
    if (!x) return err_format(&TypeErrorType, "round() missing required argument 'number' (pos 1)");
    Type *t = val_type(x);
    if (t->dunders[DUNDER_ROUND]) {
        return obj_call_record(t->dunders[DUNDER_ROUND],
                               nd == VAL_NONE ? tuple_pack(1, x) : tuple_pack(2, x, nd), VAL_NULL);
    }
    extern Value num_round(Value x, Value ndigits);
    return num_round(x, nd);
}

static Value b_globals(Value *args, int nargs, Tuple *kw) {
    if (!args_check("globals", nargs, kw, 0, 0)) return VAL_NULL;
    Frame *f = vm_current_frame();
    return f ? (Value)f->globals : (Value)dict_new();
}

static Value b_locals(Value *args, int nargs, Tuple *kw) {
    if (!args_check("locals", nargs, kw, 0, 0)) return VAL_NULL;
    Frame *f = vm_current_frame();
    if (!f) return (Value)dict_new();
    if (f->locals) return (Value)f->locals;
    Dict *d = dict_new();
    for (int32_t i = 0; i < f->code->nlocals; i++)
        if (f->slots[i]) dict_set(d, f->code->varnames->items[i], f->slots[i]);
    for (int32_t i = 0; i < f->code->ncells + f->code->nfrees; i++) {
        Cell *c = (Cell *)f->slots[f->code->nlocals + i];
        Value name = i < f->code->ncells ? f->code->cellvars->items[i]
                                         : f->code->freevars->items[i - f->code->ncells];
        if (c && c->contents) dict_set(d, name, c->contents);
    }
    return (Value)d;
}

static Value b_vars(Value *args, int nargs, Tuple *kw) {
    if (!args_check("vars", nargs, kw, 0, 1)) return VAL_NULL;
    if (nargs == 0) return b_locals(args, 0, kw);
    Value d = obj_getattr_opt(args[0], str_intern_cstr("__dict__"));
    if (!d) return err_format(&TypeErrorType, "vars() argument must have __dict__ attribute");
    return d;
}

static Value b_dir(Value *args, int nargs, Tuple *kw) {
    if (!args_check("dir", nargs, kw, 0, 1)) return VAL_NULL;
    List *l = list_new(0);
    if (nargs == 0) {
        Frame *f = vm_current_frame();
        Dict *d = f ? (f->locals ? f->locals : f->globals) : dict_new();
        int64_t pos = 0;
        Value k, v;
        while (dict_next(d, &pos, &k, &v)) list_append(l, k);
    } else {
        Value v = args[0];
        Set *seen = set_new(&SetType);
        Dict *inst = (val_type(v)->flags & TF_HAS_DICT) && !val_is(v, &TypeType)
                         ? ((Instance *)v)->dict
                         : NULL;
        if (val_is(v, &ModuleType)) inst = ((Module *)v)->dict;
        if (inst) {
            int64_t pos = 0;
            Value k, x;
            while (dict_next(inst, &pos, &k, &x)) set_add(seen, k);
        }
        Type *t = val_is(v, &TypeType) ? (Type *)v : val_type(v);
        if (!val_is(v, &ModuleType))
            for (int64_t i = 0; i < t->mro->len; i++) {
                Dict *d = ((Type *)t->mro->items[i])->dict;
                int64_t pos = 0;
                Value k, x;
                while (dict_next(d, &pos, &k, &x)) set_add(seen, k);
            }
        int64_t pos = 0;
        Value k;
        while (set_next(seen, &pos, &k)) list_append(l, k);
    }
    Value r = vm_call_nested(builtin_lookup("list.sort"), (Value *)&l, 1, NULL);
    if (!r) return VAL_NULL;
    return (Value)l;
}

static Value int_to_base(Value *args, int nargs, Tuple *kw, const char *fname, int base,
                         const char *prefix) {
    if (!args_check(fname, nargs, kw, 1, 1)) return VAL_NULL;
    if (user_index_arg(args, 0)) {
        char name[16];
        snprintf(name, sizeof name, "builtins.%s", fname);
        return index_call(name, args, nargs, 0);
    }
    int64_t v;
    if (!obj_to_int64(args[0], &v)) return VAL_NULL;
    char buf[80];
    int n = 0;
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    do {
        int d = (int)(u % (uint64_t)base);
        buf[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
        u /= (uint64_t)base;
    } while (u);
    StrBuf b;
    strbuf_init(&b);
    if (v < 0) strbuf_putc(&b, '-');
    strbuf_puts(&b, prefix);
    while (n) strbuf_putc(&b, buf[--n]);
    return (Value)strbuf_finish(&b);
}
static Value b_bin(Value *a, int n, Tuple *k) {
    return int_to_base(a, n, k, "bin", 2, "0b");
}
static Value b_oct(Value *a, int n, Tuple *k) {
    return int_to_base(a, n, k, "oct", 8, "0o");
}
static Value b_hex(Value *a, int n, Tuple *k) {
    return int_to_base(a, n, k, "hex", 16, "0x");
}

static Value b_input(Value *args, int nargs, Tuple *kw) {
    if (!args_check("input", nargs, kw, 0, 1)) return VAL_NULL;
    if (nargs) {
        Str *p = obj_str(args[0]);
        if (!p || file_write(file_stdout(), p) < 0) return VAL_NULL;
    }
    file_flush(file_stdout());
    StrBuf b;
    strbuf_init(&b);
    int c;
    while ((c = getchar()) != EOF && c != '\n') strbuf_putc(&b, (char)c);
    if (c == EOF && b.len == 0) return err_format(&EOFErrorType, "EOF when reading a line");
    return (Value)strbuf_finish(&b);
}

static const MethodDef builtin_funcs[] = {
    {"print", NULL, 0, &print_helper},
    {"sorted", NULL, 0, &sorted_helper},
    {"next", NULL, 0, &next_helper},
    {"sum", NULL, 0, &sum_helper},
    {"any", NULL, 0, &any_helper},
    {"all", NULL, 0, &all_helper},
    {"min", NULL, 0, &min_helper},
    {"max", NULL, 0, &max_helper},
    {"iter", b_iter, 0, NULL},
    {"len", b_len, 0, NULL},
    {"repr", NULL, 0, &repr_helper},
    {"ascii", b_ascii, 0, NULL},
    {"format", b_format, 0, NULL},
    {"abs", b_abs, 0, NULL},
    {"isinstance", b_isinstance, 0, NULL},
    {"issubclass", b_issubclass, 0, NULL},
    {"getattr", b_getattr, 0, NULL},
    {"hasattr", b_hasattr, 0, NULL},
    {"setattr", b_setattr, 0, NULL},
    {"delattr", b_delattr, 0, NULL},
    {"hash", b_hash, 0, NULL},
    {"id", b_id, 0, NULL},
    {"callable", b_callable, 0, NULL},
    {"ord", b_ord, 0, NULL},
    {"chr", b_chr, 0, NULL},
    {"divmod", b_divmod, 0, NULL},
    {"pow", b_pow, 0, NULL},
    {"round", b_round, 0, NULL},
    {"reversed", b_reversed, 0, NULL},
    {"globals", b_globals, 0, NULL},
    {"locals", b_locals, 0, NULL},
    {"vars", b_vars, 0, NULL},
    {"dir", b_dir, 0, NULL},
    {"bin", b_bin, 0, NULL},
    {"oct", b_oct, 0, NULL},
    {"hex", b_hex, 0, NULL},
    {"input", b_input, 0, NULL},
    {"open", file_open, 0, NULL},
    {NULL, NULL, 0, NULL},
};

// ---- object / BaseException methods reachable through super() -----------------------------

static Value object_init(Value *args, int nargs, Tuple *kw) {
    return VAL_NONE;
}
static Value object_new_m(Value *args, int nargs, Tuple *kw) {
    if (nargs < 1 || !val_is(args[0], &TypeType))
        return err_format(&TypeErrorType, "object.__new__(X): X is not a type object");
    Type *t = (Type *)args[0];
    return t->tp_new(t, NULL, 0, NULL);
}
static Value object_repr_m(Value *args, int nargs, Tuple *kw) {
    return ObjectType.tp_repr(args[0]);
}
static Value object_str_m(Value *args, int nargs, Tuple *kw) {
    return (Value)obj_repr(args[0]);
}
static Value object_hash_m(Value *args, int nargs, Tuple *kw) {
    return int_from_i64(ObjectType.tp_hash(args[0]));
}
static Value object_eq_m(Value *args, int nargs, Tuple *kw) {
    if (!args_check("__eq__", nargs, kw, 2, 2)) return VAL_NULL;
    return args[0] == args[1] ? VAL_TRUE : VAL_NOTIMPL;
}
static Value object_ne_m(Value *args, int nargs, Tuple *kw) {
    if (!args_check("__ne__", nargs, kw, 2, 2)) return VAL_NULL;
    return args[0] == args[1] ? VAL_FALSE : VAL_NOTIMPL;
}
// object.__setattr__ / object.__delattr__ (PyObject_GenericSetAttr): the
// generic assignment without the type's own __setattr__/__delattr__ --
// data descriptors, `__dict__` replacement, then the instance dict.
static Value generic_setattr(Value o, Value namev, Value x) {
    if (!val_is(namev, &StrType))
        return err_format(&TypeErrorType, "attribute name must be string, not '%s'",
                          obj_type_name(namev));
    Type *t = val_type(o);
    DunderId id = x ? DUNDER_SETATTR : DUNDER_DELATTR;
    Value saved = t->dunders[id];
    t->dunders[id] = VAL_NULL;
    Value out, cargs[3];
    int nc;
    AttrResult r = attr_set(o, (Str *)namev, x, &out, cargs, &nc);
    t->dunders[id] = saved;
    switch (r) {
    case ATTR_FOUND: return VAL_NONE;
    case ATTR_MISSING: return attr_error(o, (Str *)namev);
    case ATTR_ERROR: return VAL_NULL;
    case ATTR_CALL: break;
    }
    return obj_call_record(out, tuple_from(cargs, nc), VAL_NONE);
}
static Value object_setattr_m(Value *args, int nargs, Tuple *kw) {
    if (!args_check("__setattr__", nargs, kw, 3, 3)) return VAL_NULL;
    return generic_setattr(args[0], args[1], args[2]);
}
static Value object_delattr_m(Value *args, int nargs, Tuple *kw) {
    if (!args_check("__delattr__", nargs, kw, 2, 2)) return VAL_NULL;
    return generic_setattr(args[0], args[1], VAL_NULL);
}
static Value object_getattribute_m(Value *args, int nargs, Tuple *kw) {
    if (!args_check("__getattribute__", nargs, kw, 2, 2)) return VAL_NULL;
    if (!val_is(args[1], &StrType))
        return err_format(&TypeErrorType, "attribute name must be string");
    Type *t = val_type(args[0]);
    Value saved = t->dunders[DUNDER_GETATTRIBUTE];
    t->dunders[DUNDER_GETATTRIBUTE] = VAL_NULL;
    Value saved_ga = t->dunders[DUNDER_GETATTR];
    t->dunders[DUNDER_GETATTR] = VAL_NULL;
    Value r = obj_getattr(args[0], (Str *)args[1]);
    t->dunders[DUNDER_GETATTRIBUTE] = saved;
    t->dunders[DUNDER_GETATTR] = saved_ga;
    return r;
}
static Value object_format_m(Value *args, int nargs, Tuple *kw) {
    if (!args_check("__format__", nargs, kw, 2, 2)) return VAL_NULL;
    if (val_is(args[1], &StrType) && ((Str *)args[1])->len)
        return err_format(&TypeErrorType, "unsupported format string passed to %s.__format__",
                          obj_type_name(args[0]));
    return (Value)obj_str(args[0]);
}

static const MethodDef object_methods[] = {
    {"__init__", object_init, 0, NULL},
    {"__new__", object_new_m, METH_STATIC, NULL},
    {"__repr__", object_repr_m, 0, NULL},
    {"__str__", object_str_m, 0, NULL},
    {"__hash__", object_hash_m, 0, NULL},
    {"__eq__", object_eq_m, 0, NULL},
    {"__ne__", object_ne_m, 0, NULL},
    {"__setattr__", object_setattr_m, 0, NULL},
    {"__delattr__", object_delattr_m, 0, NULL},
    {"__getattribute__", object_getattribute_m, 0, NULL},
    {"__format__", object_format_m, 0, NULL},
    {NULL, NULL, 0, NULL},
};

static Value exc_init_m(Value *args, int nargs, Tuple *kw) {
    if (nargs < 1 || !val_isinstance(args[0], &BaseExceptionType))
        return err_format(&TypeErrorType,
                          "descriptor '__init__' requires a 'BaseException' object");
    if (kw && kw->len)
        return err_format(&TypeErrorType, "%s() takes no keyword arguments",
                          obj_type_name(args[0]));
    Exc *e = (Exc *)args[0];
    e->args = tuple_from(args + 1, nargs - 1);
    if (val_isinstance(args[0], &StopIterationType)) e->value = nargs > 1 ? args[1] : VAL_NONE;
    return VAL_NONE;
}
static Value exc_str_m(Value *args, int nargs, Tuple *kw) {
    return BaseExceptionType.tp_str(args[0]);
}
static Value exc_repr_m(Value *args, int nargs, Tuple *kw) {
    return BaseExceptionType.tp_repr(args[0]);
}

static const MethodDef exc_methods2[] = {
    {"__init__", exc_init_m, 0, NULL},
    {"__str__", exc_str_m, 0, NULL},
    {"__repr__", exc_repr_m, 0, NULL},
    {NULL, NULL, 0, NULL},
};

static const HelperDef *const builtin_helpers[] = {
    &print_helper,     &next_helper,     &sum_helper,         &any_helper,
    &all_helper,       &min_helper,      &max_helper,         &enumerate_next_helper,
    &zip_next_helper,  &map_next_helper, &filter_next_helper, &calliter_next_helper,
    &getattr_b_helper,
};

// Create the builtins module (start-up, after every type is ready).
void builtins_init(void) {
    type_ready(&EnumerateType);
    type_ready(&ZipType);
    type_ready(&MapType);
    type_ready(&FilterType);
    type_ready(&ReversedType);
    type_ready(&SuperType);
    type_ready(&CallIterType);
    type_add_methods(&ObjectType, object_methods);
    type_add_methods(&BaseExceptionType, exc_methods2);
    for (size_t i = 0; i < sizeof builtin_helpers / sizeof builtin_helpers[0]; i++)
        helper_register(builtin_helpers[i]);
    Module *m = module_add_builtin("builtins", builtin_funcs);
    vm.builtins = m->dict;
    static Type *const types[] = {
        &ObjectType, &TypeType,  &IntType,      &FloatType,       &BoolType,         &StrType,
        &BytesType,  &TupleType, &ListType,     &DictType,        &SetType,          &FrozenSetType,
        &RangeType,  &SliceType, &PropertyType, &ClassMethodType, &StaticMethodType, &EnumerateType,
        &ZipType,    &MapType,   &FilterType,   &SuperType,
    };
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        dict_set_str(m->dict, types[i]->name_str, (Value)types[i]);
#define X(c, py, b) dict_set_str(m->dict, str_intern_cstr(py), (Value)&c##Type);
    EXC_TYPE_LIST(X)
#undef X
    dict_set_str(m->dict, str_intern_cstr("IOError"), (Value)&OSErrorType);
    dict_set_str(m->dict, str_intern_cstr("EnvironmentError"), (Value)&OSErrorType);
    dict_set_str(m->dict, str_intern_cstr("None"), VAL_NONE);
    dict_set_str(m->dict, str_intern_cstr("True"), VAL_TRUE);
    dict_set_str(m->dict, str_intern_cstr("False"), VAL_FALSE);
    dict_set_str(m->dict, str_intern_cstr("NotImplemented"), VAL_NOTIMPL);
    dict_set_str(m->dict, str_intern_cstr("Ellipsis"), VAL_ELLIPSIS);
    dict_set_str(m->dict, str_intern_cstr("__debug__"), VAL_TRUE);
}
