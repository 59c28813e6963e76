// func.c — function-like objects (functions, builtins, bound methods),
// descriptors (property, classmethod, staticmethod), cells, modules, the
// `type` type, and Python's attribute lookup rules.
#include "func.h"

#include "containers.h"
#include "err.h"
#include "frame.h"
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
    if (str_eq_cstr(name, "__name__") && v && val_is(v, &StrType)) return f->name = (Str *)v, 1;
    if (str_eq_cstr(name, "__qualname__") && v && val_is(v, &StrType))
        return f->qualname = (Str *)v, 1;
    if (str_eq_cstr(name, "__doc__")) return f->doc = v ? v : VAL_NONE, 1;
    if (str_eq_cstr(name, "__module__")) return f->module = v ? v : VAL_NONE, 1;
    if (str_eq_cstr(name, "__defaults__")) {
        f->defaults = v && val_is(v, &TupleType) ? (Tuple *)v : NULL;
        return 1;
    }
    if (!f->dict) f->dict = dict_new();
    if (!v) {
        int r = dict_del(f->dict, (Value)name);
        if (r == 0) attr_error(self, name);
        return r == 1 ? 1 : -1;
    }
    dict_set_str(f->dict, name, v);
    return 1;
}

Type FuncType = {
    .obj = {&TypeType},
    .name = "function",
    .inst_size = sizeof(Func),
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

// The short name of a builtin ("len" for "builtins.len").
static const char *builtin_short(Builtin *b) {
    const char *dot = strrchr(b->name, '.');
    return dot ? dot + 1 : b->name;
}

static Value builtin_repr(Value self) {
    Builtin *b = (Builtin *)self;
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

static Value builtin_descr_get(Value descr, Value inst, Type *owner) {
    Builtin *b = (Builtin *)descr;
    if (!b->method || !inst || inst == VAL_NONE) return descr;
    Builtin *m = (Builtin *)obj_alloc(&BuiltinType, sizeof(Builtin));
    *m = *b;
    m->self = inst;
    return (Value)m;
}

static Value builtin_getattr(Value self, Str *name) {
    Builtin *b = (Builtin *)self;
    if (str_eq_cstr(name, "__name__")) return (Value)str_from_cstr(builtin_short(b));
    if (str_eq_cstr(name, "__qualname__")) return (Value)str_from_cstr(b->name);
    if (str_eq_cstr(name, "__self__")) return b->self ? b->self : VAL_NONE;
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

Type BoundMethodType = {
    .obj = {&TypeType},
    .name = "method",
    .inst_size = sizeof(BoundMethod),
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

Type CellType = {
    .obj = {&TypeType},
    .name = "cell",
    .inst_size = sizeof(Cell),
    .tp_repr = cell_repr,
    .tp_getattr = cell_getattr,
};

static Value module_repr(Value self) {
    Module *m = (Module *)self;
    Value file = dict_get_str(m->dict, str_intern_cstr("__file__"));
    if (file && val_is(file, &StrType))
        return (Value)str_printf("<module '%S' from '%S'>", m->name, (Str *)file);
    return (Value)str_printf("<module '%S' (built-in)>", m->name);
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
    if (dt == &FuncType || (dt == &BuiltinType && ((Builtin *)d)->method)) {
        Dict *id = inst_dict(v, t);
        if (id && dict_get_str(id, name)) return false;
        *meth = d;
        return true;
    }
    return false;
}

// Ready the types of this file (start-up).
void func_init(void) {
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
