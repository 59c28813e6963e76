// type.c — type objects: readying builtin types, method tables, user class
// creation, MRO lookup, the dunder cache, and attribute access on types.
#include "type.h"

#include "containers.h"
#include "err.h"
#include "func.h"
#include "ops.h"
#include "str.h"

#include <string.h>

static const char *const dunder_names[DUNDER_COUNT] = {
#define X(name, s) s,
    DUNDER_LIST(X)
#undef X
};
static Str *dunder_strs[DUNDER_COUNT];

bool type_is_subtype(Type *t, Type *base) {
    for (; t; t = t->base)
        if (t == base) return true;
    return false;
}

static void build_mro(Type *t) {
    int n = 0;
    for (Type *b = t; b; b = b->base) n++;
    Tuple *mro = tuple_new(n);
    int i = 0;
    for (Type *b = t; b; b = b->base) mro->items[i++] = (Value)b;
    t->mro = mro;
}

// Builtin types by name, for the frame format.
static Dict *builtin_types;

Type *type_builtin_lookup(Str *name) {
    Value t = builtin_types ? dict_get_str(builtin_types, name) : VAL_NULL;
    return t ? (Type *)t : NULL;
}

// T.__new__(S, *args): CPython's tp_new_wrapper. [args][0] is T (the
// builtin is bound to it), args[1] the type to instantiate.
static Value tp_new_wrapper(Value *args, int nargs, Tuple *kwnames) {
    Type *owner = (Type *)args[0];
    int npos = nargs - (kwnames ? (int)kwnames->len : 0);
    if (npos < 2)
        return err_format(&TypeErrorType, "%s.__new__(): not enough arguments", owner->name);
    if (!val_is(args[1], &TypeType))
        return err_format(&TypeErrorType, "%s.__new__(X): X is not a type object (%s)", owner->name,
                          obj_type_name(args[1]));
    Type *sub = (Type *)args[1];
    if (!type_is_subtype(sub, owner))
        return err_format(&TypeErrorType, "%s.__new__(%S): %S is not a subtype of %s", owner->name,
                          sub->name_str, sub->name_str, owner->name);
    // The most derived base whose instances this tp_new may create: user
    // classes without a Python __new__ create their instances with the
    // tp_new of their builtin base.
    Type *sb = sub;
    while (sb && (sb->flags & TF_HEAPTYPE) && sb->dunders[DUNDER_NEW]) sb = sb->base;
    if (sb && sb->tp_new != owner->tp_new)
        return err_format(&TypeErrorType, "%s.__new__(%S) is not safe, use %S.__new__()",
                          owner->name, sub->name_str, sb->name_str);
    if (owner == &ObjectType && nargs > 2) {
        if (sub->dunders[DUNDER_NEW])
            return err_format(&TypeErrorType,
                              "object.__new__() takes exactly one argument (the type to "
                              "instantiate)");
        if (!sub->dunders[DUNDER_INIT])
            return err_format(&TypeErrorType, "%S() takes no arguments", sub->name_str);
        nargs = 2;
        kwnames = NULL;
    }
    return sub->tp_new(sub, args + 2, nargs - 2, kwnames);
}

// Give builtin type [t], which has its own tp_new, a `__new__` (a static
// method: the tp_new wrapper bound to t), as CPython does.
static void add_new_wrapper(Type *t) {
    size_t n = strlen(t->name);
    char *qn = gc_alloc_atomic(n + sizeof ".__new__");
    memcpy(qn, t->name, n);
    memcpy(qn + n, ".__new__", sizeof ".__new__");
    Builtin *b = (Builtin *)builtin_new(qn, tp_new_wrapper);
    b->self = (Value)t;
    StaticMethod *sm = (StaticMethod *)obj_alloc(&StaticMethodType, sizeof(StaticMethod));
    sm->func = (Value)b;
    dict_set_str(t->dict, str_intern_cstr("__new__"), (Value)sm);
}

void type_ready(Type *t) {
    if (t->dict) return;
    t->obj.type = &TypeType;
    if (!t->base && t != &ObjectType) t->base = &ObjectType;
    if (t->base && !t->base->dict) type_ready(t->base);
    t->dict = dict_new();
    t->name_str = str_intern_cstr(t->name);
    if (!builtin_types) builtin_types = dict_new();
    if (!(t->flags & TF_HEAPTYPE)) dict_set_str(builtin_types, t->name_str, (Value)t);
    if (!t->qualname) t->qualname = t->name_str;
    if (!t->module) t->module = str_intern_cstr("builtins");
    build_mro(t);
    // Inherit C slots from the base.
    Type *b = t->base;
    bool own_new = t->tp_new != NULL; // set in its definition (as CPython's static types)
    if (b) {
#define INHERIT(slot)                                                                              \
    if (!t->slot) t->slot = b->slot;
        // A builtin type without a constructor of its own cannot be
        // instantiated from Python (generator, frame, iterators, ...):
        // object's tp_new would make a zeroed shell of it.
        if (!t->tp_new && ((t->flags & TF_HEAPTYPE) || b->tp_new != ObjectType.tp_new))
            t->tp_new = b->tp_new;
        INHERIT(tp_repr)
        INHERIT(tp_str)
        INHERIT(tp_hash)
        INHERIT(tp_compare)
        INHERIT(tp_binop)
        INHERIT(tp_unop)
        INHERIT(tp_bool)
        INHERIT(tp_len)
        INHERIT(tp_iter)
        INHERIT(tp_next)
        INHERIT(tp_getitem)
        INHERIT(tp_setitem)
        INHERIT(tp_contains)
        INHERIT(tp_call)
        INHERIT(tp_getattr)
        INHERIT(tp_setattr)
        INHERIT(tp_descr_get)
#undef INHERIT
        if (!t->inst_size) t->inst_size = b->inst_size;
        t->flags |= b->flags & (TF_EXCEPTION | TF_HAS_DICT);
    }
    if (own_new && !(t->flags & TF_HEAPTYPE)) add_new_wrapper(t);
}

void type_add_methods(Type *t, const MethodDef *defs) {
    if (!t->dict) type_ready(t);
    for (; defs->name; defs++) {
        // T.__new__ is the tp_new wrapper type_ready installed.
        if (strcmp(defs->name, "__new__") == 0 && dict_get_str(t->dict, str_intern_cstr("__new__")))
            continue;
        char buf[256];
        snprintf(buf, sizeof buf, "%s.%s", t->name, defs->name);
        char *qn = gc_alloc_atomic(strlen(buf) + 1);
        strcpy(qn, buf);
        Value v;
        // __class_getitem__ tables (tuple.c) are plain builtins taking the
        // class first, called by the generic subscript code: no receiver check.
        if (!(defs->flags & (METH_CLASS | METH_STATIC)) &&
            strcmp(defs->name, "__class_getitem__") != 0) {
            // A method descriptor that checks the receiver (func.c).
            dict_set_str(t->dict, str_intern_cstr(defs->name),
                         builtin_new_method(t, qn, defs->fn, defs->helper));
            continue;
        }
        Value fn = defs->helper ? builtin_new_helper(qn, defs->helper) : builtin_new(qn, defs->fn);
        if (!(defs->flags & (METH_CLASS | METH_STATIC))) {
            v = fn;
        } else if (defs->flags & METH_CLASS) {
            ClassMethod *cm = (ClassMethod *)obj_alloc(&ClassMethodType, sizeof(ClassMethod));
            cm->func = fn;
            v = (Value)cm;
        } else {
            StaticMethod *sm = (StaticMethod *)obj_alloc(&StaticMethodType, sizeof(StaticMethod));
            sm->func = fn;
            v = (Value)sm;
        }
        dict_set_str(t->dict, str_intern_cstr(defs->name), v);
    }
    type_invalidate_cache();
}

void type_set_attr_cstr(Type *t, const char *name, Value v) {
    if (!t->dict) type_ready(t);
    type_invalidate_cache();
    dict_set_str(t->dict, str_intern_cstr(name), v);
}

// A global cache of MRO lookups keyed by (type, interned name), in the
// spirit of CPython's method cache. Any change to a class dict bumps
// `lookup_epoch`, which invalidates every entry.
#define LOOKUP_CACHE_SIZE 4096
typedef struct {
    Type *type;
    Str *name;
    Value value; // VAL_NULL: cached absence
    uint64_t epoch;
} LookupEntry;
static LookupEntry lookup_cache[LOOKUP_CACHE_SIZE];
static uint64_t lookup_epoch = 1;

void type_invalidate_cache(void) {
    lookup_epoch++;
}

static Value lookup_uncached(Type *t, Str *name) {
    Tuple *mro = t->mro;
    if (!mro) return dict_get_str(t->dict, name);
    for (int64_t i = 0; i < mro->len; i++) {
        Type *b = (Type *)mro->items[i];
        Value v = dict_get_str(b->dict, name);
        if (v) return v;
    }
    return VAL_NULL;
}

Value type_lookup(Type *t, Str *name) {
    if (!t->dict) type_ready(t); // a builtin type nobody readied at start-up
    if (!name->interned) return lookup_uncached(t, name);
    size_t slot = (((uintptr_t)t >> 4) ^ ((uintptr_t)name >> 3) * 31) & (LOOKUP_CACHE_SIZE - 1);
    LookupEntry *e = &lookup_cache[slot];
    if (e->type == t && e->name == name && e->epoch == lookup_epoch) return e->value;
    Value v = lookup_uncached(t, name);
    e->type = t;
    e->name = name;
    e->value = v;
    e->epoch = lookup_epoch;
    return v;
}

// ---- dunder cache ---------------------------------------------------------------

static void refresh_one(Type *t) {
    type_invalidate_cache();
    for (int i = 0; i < DUNDER_COUNT; i++) {
        Value v = VAL_NULL;
        // Only user classes along the MRO contribute Python-level dunders;
        // builtin bases are served by their C slots.
        for (int64_t k = 0; k < t->mro->len; k++) {
            Type *b = (Type *)t->mro->items[k];
            if (!(b->flags & TF_HEAPTYPE)) break;
            v = dict_get_str(b->dict, dunder_strs[i]);
            if (v) break;
        }
        t->dunders[i] = v;
    }
    // `__eq__` without `__hash__` makes instances unhashable (hash = None).
    if (t->dunders[DUNDER_EQ] && !dict_get_str(t->dict, dunder_strs[DUNDER_HASH]) &&
        dict_get_str(t->dict, dunder_strs[DUNDER_EQ]))
        dict_set_str(t->dict, dunder_strs[DUNDER_HASH], VAL_NONE),
            t->dunders[DUNDER_HASH] = VAL_NONE;
}

// All user classes, so that subclasses can be refreshed when a base changes.
static List *all_classes;

void type_refresh_dunders(Type *t) {
    refresh_one(t);
    if (!all_classes) return;
    for (int64_t i = 0; i < all_classes->len; i++) {
        Type *c = (Type *)all_classes->items[i];
        if (c != t && type_is_subtype(c, t)) refresh_one(c);
    }
}

Str *type_dunder_name(DunderId id) {
    return dunder_strs[id];
}

void type_init_dunders(void) {
    for (int i = 0; i < DUNDER_COUNT; i++) dunder_strs[i] = str_intern_cstr(dunder_names[i]);
    all_classes = list_new(0);
}

// ---- user classes ----------------------------------------------------------------

Type *type_new_class(Str *name, Tuple *bases, Dict *ns) {
    Type *t = (Type *)obj_alloc(&TypeType, sizeof(Type));
    return type_init_class(t, name, NULL, bases, ns) ? t : NULL;
}

bool type_init_class(Type *t, Str *name, Str *qualname, Tuple *bases, Dict *ns) {
    Type *base = &ObjectType;
    if (bases->len > 1) {
        err_format(&TypeErrorType, "multiple inheritance is not supported by prickle");
        return false;
    }
    if (bases->len == 1) {
        Value b = bases->items[0];
        if (!val_is(b, &TypeType)) {
            err_format(&TypeErrorType, "bases must be types");
            return false;
        }
        base = (Type *)b;
        if (!(base->flags & TF_BASETYPE)) {
            err_format(&TypeErrorType, "type '%s' is not an acceptable base type", base->name);
            return false;
        }
        if (!(base->flags & TF_HEAPTYPE) && base != &ObjectType &&
            !(base->flags & (TF_EXCEPTION | TF_NATIVE_BASE))) {
            err_format(&TypeErrorType,
                       "subclassing the builtin type '%s' is not supported by prickle", base->name);
            return false;
        }
    }
    *t = *base; // inherit C slots and layout
    t->obj.type = &TypeType;
    t->base = base;
    t->flags = (base->flags & ~(TF_ABSTRACT)) | TF_HEAPTYPE | TF_BASETYPE | TF_HAS_DICT;
    if (t->inst_size < sizeof(Instance)) t->inst_size = sizeof(Instance);
    t->name_str = name;
    char *cname = gc_alloc_atomic(name->len + 1);
    memcpy(cname, name->data, name->len + 1);
    t->name = cname;
    Value qn = dict_get_str(ns, str_intern_cstr("__qualname__"));
    t->qualname = qualname ? qualname : qn && val_is(qn, &StrType) ? (Str *)qn : name;
    if (qn) dict_del(ns, (Value)str_intern_cstr("__qualname__"));
    Value mod = dict_get_str(ns, str_intern_cstr("__module__"));
    t->module = mod && val_is(mod, &StrType) ? (Str *)mod : NULL;
    t->dict = ns;
    build_mro(t);
    // Plain functions named __new__ are static methods, __init_subclass__
    // and __class_getitem__ class methods (as in CPython).
    Value nw = dict_get_str(ns, str_intern_cstr("__new__"));
    if (nw && val_is(nw, &FuncType)) {
        StaticMethod *sm = (StaticMethod *)obj_alloc(&StaticMethodType, sizeof(StaticMethod));
        sm->func = nw;
        dict_set_str(ns, str_intern_cstr("__new__"), (Value)sm);
    }
    memset(t->dunders, 0, sizeof t->dunders);
    refresh_one(t);
    list_append(all_classes, (Value)t);
    return true;
}

bool args_check(const char *fname, int nargs, Tuple *kwnames, int min, int max) {
    if (kwnames && kwnames->len) {
        err_format(&TypeErrorType, "%s() takes no keyword arguments", fname);
        return false;
    }
    if (nargs >= min && nargs <= max) return true;
    if (min == max) {
        if (min == 0)
            err_format(&TypeErrorType, "%s() takes no arguments (%d given)", fname, nargs);
        else if (min == 1)
            err_format(&TypeErrorType, "%s() takes exactly one argument (%d given)", fname, nargs);
        else
            err_format(&TypeErrorType, "%s expected %d arguments, got %d", fname, min, nargs);
    } else if (nargs < min) {
        err_format(&TypeErrorType, "%s expected at least %d argument%s, got %d", fname, min,
                   min == 1 ? "" : "s", nargs);
    } else {
        err_format(&TypeErrorType, "%s expected at most %d argument%s, got %d", fname, max,
                   max == 1 ? "" : "s", nargs);
    }
    return false;
}
