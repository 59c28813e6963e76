// func.c — function-like objects (functions, builtins, bound methods),
// descriptors (property, classmethod, staticmethod), cells, modules, the
// `type` type, and Python's attribute lookup rules.
#include "func.h"

#include "containers.h"
#include "err.h"
#include "frame.h"
#include "helper.h"
#include "module.h"
#include "num.h"
#include "ops.h"
#include "str.h"
#include "type.h"
#include "vm.h"

#include <string.h>

// ---- functions ---------------------------------------------------------------

Func *func_new(Code *code, Dict *globals) {
    Func *f = (Func *)obj_alloc(&FuncType, sizeof(Func));
    f->code = code;
    f->globals = globals;
    f->name = code->name;
    f->qualname = code->qualname ? code->qualname : code->name;
    Value m = dict_get_str(globals, str_intern_cstr("__name__"));
    f->module = m ? m : VAL_NONE;
    // The compiler puts a function's docstring (or None) first in its
    // constants, as CPython does; comprehension bodies have none.
    f->doc = VAL_NONE;
    if (code->name->data[0] != '<' && code->consts->len > 0 &&
        val_is(code->consts->items[0], &StrType))
        f->doc = code->consts->items[0];
    return f;
}

static Value func_repr(Value self) {
    Func *f = (Func *)self;
    return (Value)str_printf("<function %S at %p>", f->qualname, (void *)self);
}

static Value func_descr_get(Value descr, Value inst, Type *owner) {
    if (!inst || inst == VAL_NONE) return descr;
    return method_new(descr, inst);
}

static Value func_getattr(Value self, Str *name) {
    Func *f = (Func *)self;
    if (str_eq_cstr(name, "__name__")) return (Value)f->name;
    if (str_eq_cstr(name, "__qualname__")) return (Value)f->qualname;
    if (str_eq_cstr(name, "__module__")) return f->module;
    if (str_eq_cstr(name, "__doc__")) return f->doc;
    if (str_eq_cstr(name, "__code__")) return (Value)f->code;
    if (str_eq_cstr(name, "__globals__")) return (Value)f->globals;
    if (str_eq_cstr(name, "__defaults__")) return f->defaults ? (Value)f->defaults : VAL_NONE;
    if (str_eq_cstr(name, "__kwdefaults__")) return f->kwdefaults ? (Value)f->kwdefaults : VAL_NONE;
    if (str_eq_cstr(name, "__closure__")) return f->closure ? (Value)f->closure : VAL_NONE;
    if (str_eq_cstr(name, "__dict__")) {
        if (!f->dict) f->dict = dict_new();
        return (Value)f->dict;
    }
    if (f->dict) return dict_get_str(f->dict, name);
    return VAL_NULL;
}

static int func_setattr(Value self, Str *name, Value v) {
    Func *f = (Func *)self;
    const char *err = NULL;
    if (str_eq_cstr(name, "__name__") || str_eq_cstr(name, "__qualname__")) {
        if (!v || !val_is(v, &StrType)) {
            err_format(&TypeErrorType, "%S must be set to a string object", name);
            return -1;
        }
        *(name->data[2] == 'n' ? &f->name : &f->qualname) = (Str *)v;
        return 1;
    }
    if (str_eq_cstr(name, "__doc__")) return f->doc = v ? v : VAL_NONE, 1;
    if (str_eq_cstr(name, "__module__")) return f->module = v ? v : VAL_NONE, 1;
    if (str_eq_cstr(name, "__defaults__")) {
        if (v && v != VAL_NONE && !val_is(v, &TupleType)) {
            err = "__defaults__ must be set to a tuple object";
        } else {
            f->defaults = v && v != VAL_NONE ? (Tuple *)v : NULL;
        }
    } else if (str_eq_cstr(name, "__kwdefaults__")) {
        if (v && v != VAL_NONE && !val_is(v, &DictType)) {
            err = "__kwdefaults__ must be set to a dict object";
        } else {
            f->kwdefaults = v && v != VAL_NONE ? (Dict *)v : NULL;
        }
    } else if (str_eq_cstr(name, "__code__")) {
        if (!v || !val_is(v, &CodeType)) {
            err = "__code__ must be set to a code object";
        } else {
            int64_t nclosure = f->closure ? f->closure->len : 0;
            if (((Code *)v)->nfrees != nclosure) {
                err_format(&ValueErrorType, "%S() requires a code object with %d free vars, not %d",
                           f->name, (int)nclosure, (int)((Code *)v)->nfrees);
                return -1;
            }
            f->code = (Code *)v;
        }
    } else if (str_eq_cstr(name, "__globals__") || str_eq_cstr(name, "__closure__")) {
        err_format(&AttributeErrorType, "readonly attribute");
        return -1;
    } else if (str_eq_cstr(name, "__dict__")) {
        if (!v) {
            err = "cannot delete __dict__";
        } else if (!val_is(v, &DictType)) {
            err_format(&TypeErrorType, "__dict__ must be set to a dictionary, not a '%s'",
                       obj_type_name(v));
            return -1;
        } else {
            f->dict = (Dict *)v;
        }
    } else {
        if (!f->dict) f->dict = dict_new();
        if (!v) {
            int r = dict_del(f->dict, (Value)name);
            if (r == 0) attr_error(self, name);
            return r == 1 ? 1 : -1;
        }
        dict_set_str(f->dict, name, v);
        return 1;
    }
    if (err) {
        err_format(&TypeErrorType, "%s", err);
        return -1;
    }
    return 1;
}

// function(code, globals, ...) is not supported; its argument errors are
// CPython's.
static Value func_tp_new(Type *t, Value *args, int nargs, Tuple *kwnames) {
    int npos = nargs - (kwnames ? (int)kwnames->len : 0);
    if (npos < 1)
        return err_format(&TypeErrorType, "function() missing required argument 'code' (pos 1)");
    if (npos < 2)
        return err_format(&TypeErrorType, "function() missing required argument 'globals' (pos 2)");
    if (!val_is(args[0], &CodeType))
        return err_format(&TypeErrorType, "function() argument 'code' must be code, not %s",
                          obj_type_name(args[0]));
    return err_format(&NotImplementedErrorType, "function() is not supported by prickle");
}

Type FuncType = {
    .obj = {&TypeType},
    .name = "function",
    .inst_size = sizeof(Func),
    .tp_new = func_tp_new,
    .tp_repr = func_repr,
    .tp_descr_get = func_descr_get,
    .tp_getattr = func_getattr,
    .tp_setattr = func_setattr,
};

// ---- builtins --------------------------------------------------------------------

static Dict *builtin_registry;

static void register_builtin(const char *name, Value b) {
    if (!builtin_registry) builtin_registry = dict_new();
    dict_set_str(builtin_registry, str_from_cstr(name), b);
}

Value builtin_lookup(const char *name) {
    if (!builtin_registry) return VAL_NULL;
    return dict_get_str(builtin_registry, str_from_cstr(name));
}

Value builtin_new(const char *name, NativeFn fn) {
    Builtin *b = (Builtin *)obj_alloc(&BuiltinType, sizeof(Builtin));
    b->name = name;
    b->fn = fn;
    register_builtin(name, (Value)b);
    return (Value)b;
}

Value builtin_new_helper(const char *name, const struct HelperDef *def) {
    Builtin *b = (Builtin *)obj_alloc(&BuiltinType, sizeof(Builtin));
    b->name = name;
    b->helper = def;
    register_builtin(name, (Value)b);
    return (Value)b;
}

// ---- method descriptors ----------------------------------------------------------
//
// A method of a type's method table (type_add_methods) is two Builtins:
// the method itself (registered as "T.name", receives self as args[0],
// never checks it) and its *method descriptor*, the value stored in the
// type dict: a Builtin running the helper "method_descriptor" whose self
// is the token (owner type, method). Calling the descriptor through the
// class -- `list.append(x, 1)`, `T.__dict__["m"](...)`, super() from a
// class, a descriptor stored in another class -- checks the receiver as
// CPython does, then runs the method. Access through an instance binds the
// method itself (a copy with self set) and LOAD_METHOD calls it directly,
// so calls through instances pay nothing. Both are Builtins registered by
// name, so the frame format stores them as it stores any builtin.

extern HelperDef method_descr_helper;

// The token of [b] if it is a method descriptor with a well-formed token
// (a pickle may hold anything), else NULL.
static Tuple *descr_token(Builtin *b) {
    if (b->helper != &method_descr_helper || !b->self || !val_is(b->self, &TupleType)) return NULL;
    Tuple *tok = (Tuple *)b->self;
    if (tok->len != 2 || !val_is(tok->items[0], &TypeType) || !val_is(tok->items[1], &BuiltinType))
        return NULL;
    Builtin *m = (Builtin *)tok->items[1];
    if (m->helper == &method_descr_helper || m->self || !m->method) return NULL;
    return tok;
}

static Type *descr_owner(Tuple *tok) {
    return (Type *)tok->items[0];
}

static Builtin *descr_method(Tuple *tok) {
    return (Builtin *)tok->items[1];
}

// The short name of a builtin ("len" for "builtins.len").
static const char *builtin_short(Builtin *b) {
    Tuple *tok = descr_token(b);
    if (tok) b = descr_method(tok);
    const char *dot = strrchr(b->name, '.');
    return dot ? dot + 1 : b->name;
}

// Is method [name] of [owner] a slot wrapper in CPython (whose errors say
// "descriptor 'X' requires a 'T' object") rather than a method descriptor
// ("descriptor 'X' for 'T' objects doesn't apply")?
static bool is_slot_wrapper(Type *owner, const char *name) {
    size_t n = strlen(name);
    if (n < 5 || strncmp(name, "__", 2) != 0 || strcmp(name + n - 2, "__") != 0) return false;
    static const char *const methods[] = {
        "__bytes__",         "__ceil__",          "__floor__",         "__trunc__",
        "__round__",         "__format__",        "__dir__",           "__getnewargs__",
        "__getstate__",      "__setstate__",      "__reduce__",        "__reduce_ex__",
        "__reversed__",      "__sizeof__",        "__length_hint__",   "__subclasses__",
        "__complex__",       "__subclasscheck__", "__instancecheck__", "__set_name__",
        "__enter__",         "__exit__",          "__copy__",          "__deepcopy__",
        "__init_subclass__", "__subclasshook__",  "__class_getitem__", NULL};
    for (int i = 0; methods[i]; i++)
        if (strcmp(name, methods[i]) == 0) return false;
    if (strcmp(name, "__getitem__") == 0) return owner != &ListType && owner != &DictType;
    if (strcmp(name, "__contains__") == 0)
        return owner != &DictType && owner != &SetType && owner != &FrozenSetType;
    return true;
}

// Raise CPython's error for calling descriptor [tok] through its class with
// receiver [self] (VAL_NULL: no receiver at all).
static Value descr_receiver_error(Tuple *tok, Value self) {
    Type *owner = descr_owner(tok);
    Builtin *m = descr_method(tok);
    const char *name = builtin_short(m);
    bool slot = is_slot_wrapper(owner, name);
    if (!self) {
        if (slot)
            return err_format(&TypeErrorType, "descriptor '%s' of '%s' object needs an argument",
                              name, owner->name);
        return err_format(&TypeErrorType, "unbound method %s.%s() needs an argument", owner->name,
                          name);
    }
    if (slot)
        return err_format(&TypeErrorType,
                          "descriptor '%s' requires a '%s' object but received a '%s'", name,
                          owner->name, obj_type_name(self));
    return err_format(&TypeErrorType,
                      "descriptor '%s' for '%s' objects doesn't apply to a '%s' object", name,
                      owner->name, obj_type_name(self));
}

// Fields: args (descriptor token, self, arguments...), kwargs.
static HelperStatus method_descr_step(Helper *h, Value in, Value *out) {
    Tuple *args = (Tuple *)F(HF_ARGS);
    if (h->label == 1) {
        if (!in) return HS_RAISE;
        return *out = in, HS_RETURN;
    }
    Tuple *tok =
        args->len >= 1 && val_is(args->items[0], &TupleType) ? (Tuple *)args->items[0] : NULL;
    Builtin probe = {.helper = &method_descr_helper, .self = (Value)tok};
    if (!tok || !descr_token(&probe)) {
        err_format(&SystemErrorType, "method_descriptor called without its descriptor");
        return HS_RAISE;
    }
    if (args->len < 2) return descr_receiver_error(tok, VAL_NULL), HS_RAISE;
    if (!val_isinstance(args->items[1], descr_owner(tok)))
        return descr_receiver_error(tok, args->items[1]), HS_RAISE;
    Builtin *m = descr_method(tok);
    Dict *kw = F(HF_KWARGS) == VAL_NONE ? NULL : (Dict *)F(HF_KWARGS);
    if (m->helper)
        return helper_call(h, 1, (Value)m, tuple_from(args->items + 1, args->len - 1), kw);
    // A plain method: call it here, keyword values after the positional ones.
    int64_t npos = args->len - 1, nkw = kw ? kw->used : 0;
    Value *a = gc_alloc(sizeof(Value) * (size_t)(npos + nkw + 1));
    memcpy(a, args->items + 1, sizeof(Value) * (size_t)npos);
    Tuple *kwnames = NULL;
    if (nkw) {
        kwnames = tuple_new(nkw);
        int64_t k = 0;
        for (int64_t i = 0; i < kw->nentries; i++) {
            DictEntry *e = &kw->entries[i];
            if (!e->key) continue;
            kwnames->items[k] = e->key;
            a[npos + k++] = e->value;
        }
    }
    Value r = m->fn(a, (int)(npos + nkw), kwnames);
    if (!r) return HS_RAISE;
    // A builtin that must run Python code returns the record computing its
    // result (helper.h).
    if (val_is(r, &HelperType)) return helper_sub(h, 1, r);
    return *out = r, HS_RETURN;
}

static bool method_descr_validate(Helper *h) {
    Tuple *args = (Tuple *)F(HF_ARGS);
    Builtin probe = {.helper = &method_descr_helper};
    if (args->len >= 1) probe.self = args->items[0];
    if (!descr_token(&probe))
        return helper_field_error(h, HF_ARGS, "args[0] must be a method descriptor token");
    return true;
}
HELPER_CHECKED(method_descr_helper, "method_descriptor", method_descr_step, method_descr_validate,
               "args:t kwargs:W", "entry", "after_call")

Value builtin_new_method(Type *owner, const char *name, NativeFn fn, const HelperDef *helper) {
    Builtin *m = (Builtin *)(helper ? builtin_new_helper(name, helper) : builtin_new(name, fn));
    m->method = 1;
    // The descriptor is registered as "unbound:T.name" (the method keeps "T.name").
    size_t n = strlen(name);
    char *dn = gc_alloc_atomic(n + sizeof "unbound:");
    memcpy(dn, "unbound:", sizeof "unbound:" - 1);
    memcpy(dn + sizeof "unbound:" - 1, name, n + 1);
    Builtin *d = (Builtin *)builtin_new_helper(dn, &method_descr_helper);
    d->self = (Value)tuple_pack(2, (Value)owner, (Value)m);
    // C code that looks a method up in a type dict and calls its fn with a
    // receiver it vouches for keeps working (calls go through the helper).
    d->fn = m->fn;
    d->method = 1;
    return (Value)d;
}

static Value builtin_repr(Value self) {
    Builtin *b = (Builtin *)self;
    Tuple *tok = descr_token(b);
    if (tok) {
        Type *owner = descr_owner(tok);
        const char *name = builtin_short(b);
        return (Value)str_printf(is_slot_wrapper(owner, name)
                                     ? "<slot wrapper '%s' of '%s' objects>"
                                     : "<method '%s' of '%s' objects>",
                                 name, owner->name);
    }
    if (b->self) {
        return (Value)str_printf("<built-in method %s of %s object at %p>", builtin_short(b),
                                 obj_type_name(b->self), (void *)b->self);
    }
    if (b->method) {
        const char *dot = strrchr(b->name, '.');
        return (Value)str_printf("<method '%s' of '%.*s' objects>", builtin_short(b),
                                 (int)(dot ? dot - b->name : 0), b->name);
    }
    return (Value)str_printf("<built-in function %s>", builtin_short(b));
}

// Bind method [m] to [inst] (a copy with self set).
static Value bind_method(Builtin *m, Value inst) {
    Builtin *r = (Builtin *)obj_alloc(&BuiltinType, sizeof(Builtin));
    *r = *m;
    r->self = inst;
    return (Value)r;
}

static Value builtin_descr_get(Value descr, Value inst, Type *owner) {
    Builtin *b = (Builtin *)descr;
    Tuple *tok = descr_token(b);
    if (tok) {
        if (!inst) return descr;
        if (!val_isinstance(inst, descr_owner(tok)))
            return err_format(&TypeErrorType,
                              "descriptor '%s' for '%s' objects doesn't apply to a '%s' object",
                              builtin_short(b), descr_owner(tok)->name, obj_type_name(inst));
        return bind_method(descr_method(tok), inst);
    }
    if (!b->method || b->self || b->helper == &method_descr_helper || !inst || inst == VAL_NONE)
        return descr;
    return bind_method(b, inst);
}

static Value builtin_getattr(Value self, Str *name) {
    Builtin *b = (Builtin *)self;
    Tuple *tok = descr_token(b);
    if (str_eq_cstr(name, "__name__")) return (Value)str_from_cstr(builtin_short(b));
    if (str_eq_cstr(name, "__qualname__"))
        return (Value)str_from_cstr(tok ? descr_method(tok)->name : b->name);
    if (str_eq_cstr(name, "__objclass__") && tok) return (Value)descr_owner(tok);
    if (str_eq_cstr(name, "__self__")) return b->self && !tok ? b->self : VAL_NONE;
    if (str_eq_cstr(name, "__doc__")) return VAL_NONE;
    return VAL_NULL;
}

Type BuiltinType = {
    .obj = {&TypeType},
    .name = "builtin_function_or_method",
    .inst_size = sizeof(Builtin),
    .tp_repr = builtin_repr,
    .tp_descr_get = builtin_descr_get,
    .tp_getattr = builtin_getattr,
};

// ---- bound methods ---------------------------------------------------------------

Value method_new(Value func, Value self) {
    BoundMethod *m = (BoundMethod *)obj_alloc(&BoundMethodType, sizeof(BoundMethod));
    m->func = func;
    m->self = self;
    return (Value)m;
}

static Value method_repr(Value self) {
    BoundMethod *m = (BoundMethod *)self;
    Str *r = obj_repr(m->self);
    if (!r) return VAL_NULL;
    Value qn = val_is(m->func, &FuncType) ? (Value)((Func *)m->func)->qualname : VAL_NULL;
    if (!qn) qn = (Value)str_from_cstr("?");
    return (Value)str_printf("<bound method %S of %S>", (Str *)qn, r);
}

static Value method_compare(Value a, Value b, CmpOp op) {
    if ((op != CMP_EQ && op != CMP_NE) || !val_is(b, &BoundMethodType)) return VAL_NOTIMPL;
    BoundMethod *x = (BoundMethod *)a, *y = (BoundMethod *)b;
    bool eq = x->func == y->func && x->self == y->self;
    return val_bool(op == CMP_EQ ? eq : !eq);
}

static int64_t method_hash(Value self) {
    BoundMethod *m = (BoundMethod *)self;
    int64_t h = (int64_t)(((uintptr_t)m->func >> 4) ^ ((uintptr_t)m->self >> 4));
    return h == -1 ? -2 : h;
}

static Value method_getattr(Value self, Str *name) {
    BoundMethod *m = (BoundMethod *)self;
    if (str_eq_cstr(name, "__self__")) return m->self;
    if (str_eq_cstr(name, "__func__")) return m->func;
    Value out, args[3];
    int nargs;
    if (attr_get(m->func, name, &out, args, &nargs) == ATTR_FOUND) return out;
    err_clear();
    return VAL_NULL;
}

static Value method_tp_new(Type *t, Value *args, int nargs, Tuple *kwnames) {
    if (kwnames && kwnames->len)
        return err_format(&TypeErrorType, "method() takes no keyword arguments");
    if (nargs != 2) return err_format(&TypeErrorType, "method expected 2 arguments, got %d", nargs);
    if (!obj_callable(args[0]))
        return err_format(&TypeErrorType, "first argument must be callable");
    if (args[1] == VAL_NONE) return err_format(&TypeErrorType, "instance must not be None");
    return method_new(args[0], args[1]);
}

Type BoundMethodType = {
    .obj = {&TypeType},
    .name = "method",
    .inst_size = sizeof(BoundMethod),
    .tp_new = method_tp_new,
    .tp_repr = method_repr,
    .tp_compare = method_compare,
    .tp_hash = method_hash,
    .tp_getattr = method_getattr,
};

// ---- property, classmethod, staticmethod -----------------------------------------

static Value property_new(Type *t, Value *args, int nargs, Tuple *kwnames) {
    Property *p = (Property *)obj_alloc(t, sizeof(Property));
    p->fget = p->fset = p->fdel = p->doc = VAL_NONE;
    int npos = nargs - (kwnames ? (int)kwnames->len : 0);
    Value *slots[4] = {&p->fget, &p->fset, &p->fdel, &p->doc};
    if (npos > 4)
        return err_format(&TypeErrorType, "property() takes at most 4 arguments (%d given)", npos);
    for (int i = 0; i < npos; i++) *slots[i] = args[i];
    static const char *const names[4] = {"fget", "fset", "fdel", "doc"};
    for (int k = 0; kwnames && k < kwnames->len; k++) {
        Str *n = (Str *)kwnames->items[k];
        int i = 0;
        while (i < 4 && !str_eq_cstr(n, names[i])) i++;
        if (i == 4)
            return err_format(&TypeErrorType, "property() got an unexpected keyword argument '%S'",
                              n);
        *slots[i] = args[npos + k];
    }
    return (Value)p;
}

static Value property_copy_with(Value *args, int nargs, int which) {
    Property *old = (Property *)args[0];
    Property *p = (Property *)obj_alloc(val_type(args[0]), sizeof(Property));
    *p = *old;
    Value *slots[3] = {&p->fget, &p->fset, &p->fdel};
    *slots[which] = args[1];
    return (Value)p;
}

static Value property_getter(Value *args, int nargs, Tuple *kw) {
    if (!args_check("getter", nargs, kw, 2, 2)) return VAL_NULL;
    return property_copy_with(args, nargs, 0);
}
static Value property_setter(Value *args, int nargs, Tuple *kw) {
    if (!args_check("setter", nargs, kw, 2, 2)) return VAL_NULL;
    return property_copy_with(args, nargs, 1);
}
static Value property_deleter(Value *args, int nargs, Tuple *kw) {
    if (!args_check("deleter", nargs, kw, 2, 2)) return VAL_NULL;
    return property_copy_with(args, nargs, 2);
}

static Value property_getattr(Value self, Str *name) {
    Property *p = (Property *)self;
    if (str_eq_cstr(name, "fget")) return p->fget;
    if (str_eq_cstr(name, "fset")) return p->fset;
    if (str_eq_cstr(name, "fdel")) return p->fdel;
    if (str_eq_cstr(name, "__doc__")) return p->doc;
    return VAL_NULL;
}

Type PropertyType = {
    .obj = {&TypeType},
    .name = "property",
    .flags = TF_BASETYPE,
    .inst_size = sizeof(Property),
    .tp_new = property_new,
    .tp_getattr = property_getattr,
};

static const MethodDef property_methods[] = {
    {"getter", property_getter, 0, NULL},
    {"setter", property_setter, 0, NULL},
    {"deleter", property_deleter, 0, NULL},
    {NULL, NULL, 0, NULL},
};

static Value classmethod_new(Type *t, Value *args, int nargs, Tuple *kwnames) {
    if (nargs != 1 || (kwnames && kwnames->len))
        return err_format(&TypeErrorType, "%s expected 1 argument, got %d", t->name, nargs);
    ClassMethod *c = (ClassMethod *)obj_alloc(t, sizeof(ClassMethod));
    c->func = args[0];
    return (Value)c;
}

static Value classmethod_descr_get(Value descr, Value inst, Type *owner) {
    Type *t = owner ? owner : val_type(inst);
    return method_new(((ClassMethod *)descr)->func, (Value)t);
}

static Value staticmethod_descr_get(Value descr, Value inst, Type *owner) {
    return ((StaticMethod *)descr)->func;
}

static Value wrapped_getattr(Value self, Str *name) {
    if (str_eq_cstr(name, "__func__")) return ((ClassMethod *)self)->func;
    return VAL_NULL;
}

Type ClassMethodType = {
    .obj = {&TypeType},
    .name = "classmethod",
    .flags = TF_BASETYPE,
    .inst_size = sizeof(ClassMethod),
    .tp_new = classmethod_new,
    .tp_descr_get = classmethod_descr_get,
    .tp_getattr = wrapped_getattr,
};

Type StaticMethodType = {
    .obj = {&TypeType},
    .name = "staticmethod",
    .flags = TF_BASETYPE,
    .inst_size = sizeof(StaticMethod),
    .tp_new = classmethod_new,
    .tp_descr_get = staticmethod_descr_get,
    .tp_getattr = wrapped_getattr,
};

// ---- cells and modules ---------------------------------------------------------

Cell *cell_new(Value contents) {
    Cell *c = (Cell *)obj_alloc(&CellType, sizeof(Cell));
    c->contents = contents;
    return c;
}

static Value cell_repr(Value self) {
    return (Value)str_printf("<cell at %p>", (void *)self);
}

static Value cell_getattr(Value self, Str *name) {
    Cell *c = (Cell *)self;
    if (str_eq_cstr(name, "cell_contents")) {
        if (!c->contents) return err_format(&ValueErrorType, "Cell is empty");
        return c->contents;
    }
    return VAL_NULL;
}

static Value cell_tp_new(Type *t, Value *args, int nargs, Tuple *kwnames) {
    if (kwnames && kwnames->len)
        return err_format(&TypeErrorType, "cell() takes no keyword arguments");
    if (nargs > 1)
        return err_format(&TypeErrorType, "cell expected at most 1 argument, got %d", nargs);
    return (Value)cell_new(nargs ? args[0] : VAL_NULL);
}

Type CellType = {
    .obj = {&TypeType},
    .name = "cell",
    .inst_size = sizeof(Cell),
    .tp_new = cell_tp_new,
    .tp_repr = cell_repr,
    .tp_getattr = cell_getattr,
};

static Value module_repr(Value self) {
    Module *m = (Module *)self;
    Value file = dict_get_str(m->dict, str_intern_cstr("__file__"));
    if (file && val_is(file, &StrType))
        return (Value)str_printf("<module '%S' from '%S'>", m->name, (Str *)file);
    // Made by module(name): no loader, so not "built-in".
    if (dict_get_str(m->dict, str_intern_cstr("__loader__")) == VAL_NONE)
        return (Value)str_printf("<module '%S'>", m->name);
    return (Value)str_printf("<module '%S' (built-in)>", m->name);
}

// module(name, doc=None): a new empty module (not in sys.modules).
static Value module_tp_new(Type *t, Value *args, int nargs, Tuple *kwnames) {
    int nkw = kwnames ? (int)kwnames->len : 0, npos = nargs - nkw;
    Value slots[2] = {VAL_NULL, VAL_NONE};
    if (npos > 2)
        return err_format(&TypeErrorType, "module() takes at most 2 arguments (%d given)", nargs);
    for (int i = 0; i < npos; i++) slots[i] = args[i];
    for (int k = 0; k < nkw; k++) {
        Str *n = (Str *)kwnames->items[k];
        int i = str_eq_cstr(n, "name") ? 0 : str_eq_cstr(n, "doc") ? 1 : -1;
        if (i < 0)
            return err_format(&TypeErrorType, "module() got an unexpected keyword argument '%S'",
                              n);
        if (i < npos)
            return err_format(&TypeErrorType,
                              "argument for module() given by name ('%S') and position (%d)", n,
                              i + 1);
        slots[i] = args[npos + k];
    }
    if (!slots[0])
        return err_format(&TypeErrorType, "module() missing required argument 'name' (pos 1)");
    if (!val_is(slots[0], &StrType))
        return err_format(&TypeErrorType, "module() argument 'name' must be str, not %s",
                          obj_type_name(slots[0]));
    Module *m = module_new((Str *)slots[0]);
    dict_set_str(m->dict, str_intern_cstr("__doc__"), slots[1]);
    dict_set_str(m->dict, str_intern_cstr("__package__"), VAL_NONE);
    dict_set_str(m->dict, str_intern_cstr("__loader__"), VAL_NONE);
    dict_set_str(m->dict, str_intern_cstr("__spec__"), VAL_NONE);
    return (Value)m;
}

static Value module_getattr(Value self, Str *name) {
    Module *m = (Module *)self;
    if (str_eq_cstr(name, "__dict__")) return (Value)m->dict;
    Value v = dict_get_str(m->dict, name);
    if (v) return v;
    if (m->getattr_hook && ((v = m->getattr_hook(m, name)) || err_occurred())) return v;
    return err_format(&AttributeErrorType, "module '%S' has no attribute '%S'", m->name, name);
}

static int module_setattr(Value self, Str *name, Value v) {
    Module *m = (Module *)self;
    if (!v) {
        int r = dict_del(m->dict, (Value)name);
        if (r == 0)
            err_format(&AttributeErrorType, "module '%S' has no attribute '%S'", m->name, name);
        return r == 1 ? 1 : -1;
    }
    dict_set_str(m->dict, name, v);
    return 1;
}

Type ModuleType = {
    .obj = {&TypeType},
    .name = "module",
    .inst_size = sizeof(Module),
    .tp_new = module_tp_new,
    .tp_repr = module_repr,
    .tp_getattr = module_getattr,
    .tp_setattr = module_setattr,
};

// ---- type ------------------------------------------------------------------------------

static Value type_repr(Value self) {
    Type *t = (Type *)self;
    if (t->module && !str_eq_cstr(t->module, "builtins"))
        return (Value)str_printf("<class '%S.%S'>", t->module, t->qualname);
    return (Value)str_printf("<class '%s'>", t->name);
}

static Value type_tp_new(Type *meta, Value *args, int nargs, Tuple *kwnames) {
    int npos = nargs - (kwnames ? (int)kwnames->len : 0);
    if (npos == 1) return (Value)val_type(args[0]);
    if (npos == 3) {
        if (!val_is(args[0], &StrType) || !val_is(args[1], &TupleType) ||
            !val_is(args[2], &DictType))
            return err_format(&TypeErrorType, "type() argument types must be (str, tuple, dict)");
        Dict *ns = dict_copy((Dict *)args[2]);
        if (!dict_get_str(ns, str_intern_cstr("__module__"))) {
            Frame *f = vm_current_frame();
            Value m = f ? dict_get_str(f->globals, str_intern_cstr("__name__")) : VAL_NULL;
            if (m) dict_set_str(ns, str_intern_cstr("__module__"), m);
        }
        return (Value)type_new_class((Str *)args[0], (Tuple *)args[1], ns);
    }
    return err_format(&TypeErrorType, "type() takes 1 or 3 arguments");
}

static Value type_getattr(Value self, Str *name) {
    Type *t = (Type *)self;
    Value v = type_lookup(t, name);
    if (v) {
        Type *vt = val_type(v);
        if (vt == &ClassMethodType) return method_new(((ClassMethod *)v)->func, self);
        if (vt == &StaticMethodType) return ((StaticMethod *)v)->func;
        return v;
    }
    if (str_eq_cstr(name, "__name__")) return (Value)t->name_str;
    if (str_eq_cstr(name, "__qualname__")) return (Value)t->qualname;
    if (str_eq_cstr(name, "__module__")) return t->module ? (Value)t->module : VAL_NONE;
    if (str_eq_cstr(name, "__dict__")) return (Value)t->dict;
    if (str_eq_cstr(name, "__mro__")) return (Value)t->mro;
    if (str_eq_cstr(name, "__base__")) return t->base ? (Value)t->base : VAL_NONE;
    if (str_eq_cstr(name, "__bases__"))
        return t->base ? (Value)tuple_pack(1, (Value)t->base) : (Value)EMPTY_TUPLE;
    if (str_eq_cstr(name, "__doc__")) return VAL_NONE;
    if (str_eq_cstr(name, "__class__")) return (Value)&TypeType;
    v = type_lookup(&TypeType, name);
    if (v) {
        if (val_type(v)->tp_descr_get) return val_type(v)->tp_descr_get(v, self, &TypeType);
        return v;
    }
    return err_format(&AttributeErrorType, "type object '%S' has no attribute '%S'", t->qualname,
                      name);
}

static int type_setattr(Value self, Str *name, Value v) {
    Type *t = (Type *)self;
    if (!(t->flags & TF_HEAPTYPE)) {
        err_format(&TypeErrorType, "cannot set '%S' attribute of immutable type '%s'", name,
                   t->name);
        return -1;
    }
    // The attributes kept in the Type itself (type_getattr answers them).
    bool is_name = str_eq_cstr(name, "__name__"), is_qualname = str_eq_cstr(name, "__qualname__");
    if ((is_name || is_qualname || str_eq_cstr(name, "__module__")) && !v) {
        err_format(&TypeErrorType, "cannot delete '%S' attribute of immutable type '%S'", name,
                   t->name_str);
        return -1;
    }
    if (is_name || is_qualname) {
        if (!val_is(v, &StrType)) {
            err_format(&TypeErrorType, "can only assign string to %S.%S, not '%s'", t->name_str,
                       name, obj_type_name(v));
            return -1;
        }
        if (is_qualname) {
            t->qualname = (Str *)v;
        } else {
            Str *n = (Str *)v;
            char *cname = gc_alloc_atomic((size_t)n->len + 1);
            memcpy(cname, n->data, (size_t)n->len + 1);
            t->name_str = n;
            t->name = cname;
        }
        return 1;
    }
    if (str_eq_cstr(name, "__module__")) t->module = val_is(v, &StrType) ? (Str *)v : NULL;
    if (str_eq_cstr(name, "__mro__") || str_eq_cstr(name, "__base__")) {
        err_format(&AttributeErrorType, "readonly attribute");
        return -1;
    }
    if (str_eq_cstr(name, "__dict__")) {
        err_format(&AttributeErrorType, "attribute '__dict__' of 'type' objects is not writable");
        return -1;
    }
    if (str_eq_cstr(name, "__class__")) {
        err_format(&TypeErrorType, "__class__ assignment only supported for mutable types or "
                                   "ModuleType subclasses");
        return -1;
    }
    if (str_eq_cstr(name, "__bases__")) {
        err_format(&NotImplementedErrorType, "__bases__ assignment is not supported by prickle");
        return -1;
    }
    if (!v) {
        int r = dict_del(t->dict, (Value)name);
        if (r == 0)
            err_format(&AttributeErrorType, "type object '%S' has no attribute '%S'", t->qualname,
                       name);
        if (r != 1) return -1;
    } else {
        dict_set_str(t->dict, name, v);
    }
    extern void type_invalidate_cache(void);
    type_invalidate_cache();
    if (name->len > 4 && name->data[0] == '_' && name->data[1] == '_') type_refresh_dunders(t);
    return 1;
}

static int64_t type_hash(Value self) {
    int64_t h = (int64_t)((uintptr_t)self >> 4);
    return h == -1 ? -2 : h;
}

static Value type_compare(Value a, Value b, CmpOp op) {
    if (op == CMP_EQ) return val_bool(a == b);
    if (op == CMP_NE) return val_bool(a != b);
    return VAL_NOTIMPL;
}

static Value type_mro_method(Value *args, int nargs, Tuple *kw) {
    Type *t = (Type *)args[0];
    return (Value)list_from(t->mro->items, t->mro->len);
}

static Value type_subclasses(Value *args, int nargs, Tuple *kw) {
    return (Value)list_new(0);
}

static const MethodDef type_methods[] = {
    {"mro", type_mro_method, 0, NULL},
    {"__subclasses__", type_subclasses, 0, NULL},
    {NULL, NULL, 0, NULL},
};

Type TypeType = {
    .obj = {&TypeType},
    .name = "type",
    .flags = 0,
    .inst_size = sizeof(Type),
    .tp_new = type_tp_new,
    .tp_repr = type_repr,
    .tp_hash = type_hash,
    .tp_compare = type_compare,
    .tp_getattr = type_getattr,
    .tp_setattr = type_setattr,
};

// ---- attribute lookup ----------------------------------------------------------------

Value attr_error(Value v, Str *name) {
    if (val_is(v, &TypeType))
        return err_format(&AttributeErrorType, "type object '%S' has no attribute '%S'",
                          ((Type *)v)->qualname, name);
    return err_format(&AttributeErrorType, "'%s' object has no attribute '%S'", obj_type_name(v),
                      name);
}

static inline Dict *inst_dict(Value v, Type *t) {
    if (!(t->flags & TF_HAS_DICT)) return NULL;
    return ((Instance *)v)->dict;
}

// Is [d] (found on a type) a data descriptor?
static bool is_data_descr(Value d) {
    Type *dt = val_type(d);
    if (dt == &PropertyType) return true;
    if (dt->flags & TF_HEAPTYPE) return dt->dunders[DUNDER_SET] || dt->dunders[DUNDER_DELETE];
    return false;
}

AttrResult attr_get(Value v, Str *name, Value *out, Value args[3], int *nargs) {
    Type *t = val_type(v);
    if (t->tp_getattr &&
        (!(t->flags & TF_HEAPTYPE) || (t->flags & (TF_EXCEPTION | TF_NATIVE_BASE)))) {
        // Types with their own lookup: special attributes first.
        Value r = t->tp_getattr(v, name);
        if (r) return *out = r, ATTR_FOUND;
        if (err_occurred()) {
            if (t == &TypeType || t == &ModuleType) return ATTR_ERROR;
            return ATTR_ERROR;
        }
    }
    if (t->dunders[DUNDER_GETATTRIBUTE]) {
        *out = t->dunders[DUNDER_GETATTRIBUTE];
        args[0] = v;
        args[1] = (Value)name;
        *nargs = 2;
        return ATTR_CALL;
    }
    Value descr = type_lookup(t, name);
    if (descr && is_data_descr(descr)) {
        Type *dt = val_type(descr);
        if (dt == &PropertyType) {
            Property *p = (Property *)descr;
            if (p->fget == VAL_NONE) {
                err_format(&AttributeErrorType, "property '%S' of '%s' object has no getter", name,
                           obj_type_name(v));
                return ATTR_ERROR;
            }
            *out = p->fget;
            args[0] = v;
            *nargs = 1;
            return ATTR_CALL;
        }
        if (dt->dunders[DUNDER_GET]) {
            *out = dt->dunders[DUNDER_GET];
            args[0] = descr;
            args[1] = v;
            args[2] = (Value)t;
            *nargs = 3;
            return ATTR_CALL;
        }
    }
    Dict *d = inst_dict(v, t);
    if (d) {
        Value r = dict_get_str(d, name);
        if (r) return *out = r, ATTR_FOUND;
    }
    if (descr) {
        Type *dt = val_type(descr);
        if (dt->tp_descr_get) {
            Value r = dt->tp_descr_get(descr, v, t);
            if (!r) return ATTR_ERROR;
            return *out = r, ATTR_FOUND;
        }
        if ((dt->flags & TF_HEAPTYPE) && dt->dunders[DUNDER_GET]) {
            *out = dt->dunders[DUNDER_GET];
            args[0] = descr;
            args[1] = v;
            args[2] = (Value)t;
            *nargs = 3;
            return ATTR_CALL;
        }
        return *out = descr, ATTR_FOUND;
    }
    if (str_eq_cstr(name, "__class__")) return *out = (Value)t, ATTR_FOUND;
    if (str_eq_cstr(name, "__dict__") && d) return *out = (Value)d, ATTR_FOUND;
    if (t->dunders[DUNDER_GETATTR]) {
        *out = t->dunders[DUNDER_GETATTR];
        args[0] = v;
        args[1] = (Value)name;
        *nargs = 2;
        return ATTR_CALL;
    }
    return ATTR_MISSING;
}

AttrResult attr_set(Value v, Str *name, Value x, Value *out, Value args[3], int *nargs) {
    Type *t = val_type(v);
    if (t->dunders[x ? DUNDER_SETATTR : DUNDER_DELATTR]) {
        *out = t->dunders[x ? DUNDER_SETATTR : DUNDER_DELATTR];
        args[0] = v;
        args[1] = (Value)name;
        args[2] = x;
        *nargs = x ? 3 : 2;
        return ATTR_CALL;
    }
    if (t->tp_setattr) {
        int r = t->tp_setattr(v, name, x);
        if (r < 0) return ATTR_ERROR;
        if (r > 0) return ATTR_FOUND;
    }
    Value descr = type_lookup(t, name);
    if (descr) {
        Type *dt = val_type(descr);
        if (dt == &PropertyType) {
            Property *p = (Property *)descr;
            Value fn = x ? p->fset : p->fdel;
            if (fn == VAL_NONE) {
                err_format(&AttributeErrorType,
                           x ? "property '%S' of '%s' object has no setter"
                             : "property '%S' of '%s' object has no deleter",
                           name, obj_type_name(v));
                return ATTR_ERROR;
            }
            *out = fn;
            args[0] = v;
            args[1] = x;
            *nargs = x ? 2 : 1;
            return ATTR_CALL;
        }
        if ((dt->flags & TF_HEAPTYPE) && dt->dunders[x ? DUNDER_SET : DUNDER_DELETE]) {
            *out = dt->dunders[x ? DUNDER_SET : DUNDER_DELETE];
            args[0] = descr;
            args[1] = v;
            args[2] = x;
            *nargs = x ? 3 : 2;
            return ATTR_CALL;
        }
    }
    Dict *d = inst_dict(v, t);
    if (d && str_eq_cstr(name, "__dict__")) {
        // Replace (or, deleted, empty) the instance dict.
        if (x && !val_is(x, &DictType)) {
            err_format(&TypeErrorType, "__dict__ must be set to a dictionary, not a '%s'",
                       obj_type_name(x));
            return ATTR_ERROR;
        }
        ((Instance *)v)->dict = x ? (Dict *)x : dict_new();
        return ATTR_FOUND;
    }
    if (!d) {
        if (descr)
            err_format(&AttributeErrorType, "'%s' object attribute '%S' is read-only",
                       obj_type_name(v), name);
        else
            err_format(&AttributeErrorType, "'%s' object has no attribute '%S'", obj_type_name(v),
                       name);
        return ATTR_ERROR;
    }
    if (x) {
        dict_set_str(d, name, x);
        return ATTR_FOUND;
    }
    int r = dict_del(d, (Value)name);
    if (r == 0) {
        attr_error(v, name);
        return ATTR_ERROR;
    }
    return r == 1 ? ATTR_FOUND : ATTR_ERROR;
}

bool attr_get_method(Value v, Str *name, Value *meth) {
    Type *t = val_type(v);
    // Types with their own attribute lookup (type, module, super, function,
    // exceptions, ...) take the general path.
    if (t->dunders[DUNDER_GETATTRIBUTE] || t->tp_getattr) return false;
    Value d = type_lookup(t, name);
    if (!d) return false;
    Type *dt = val_type(d);
    if (dt == &BuiltinType) {
        // A method descriptor: call its method directly when [v] is a
        // receiver it applies to (else the general path raises).
        Tuple *tok = descr_token((Builtin *)d);
        if (!tok || !val_isinstance(v, descr_owner(tok))) return false;
        d = (Value)descr_method(tok);
    } else if (dt != &FuncType) {
        return false;
    }
    Dict *id = inst_dict(v, t);
    if (id && dict_get_str(id, name)) return false;
    *meth = d;
    return true;
}

// Ready the types of this file (start-up).
void func_init(void) {
    helper_register(&method_descr_helper);
    type_ready(&TypeType);
    type_ready(&FuncType);
    type_ready(&BuiltinType);
    type_ready(&BoundMethodType);
    type_ready(&PropertyType);
    type_ready(&ClassMethodType);
    type_ready(&StaticMethodType);
    type_ready(&CellType);
    type_ready(&ModuleType);
    type_add_methods(&PropertyType, property_methods);
    type_add_methods(&TypeType, type_methods);
}
