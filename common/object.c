// object.c — the root of the object model: allocation, the singletons
// (None, True, False, NotImplemented, Ellipsis), and the `object`,
// `NoneType`, `NotImplementedType`, `ellipsis` types.
#include "object.h"

#include "containers.h"
#include "err.h"
#include "num.h"
#include "ops.h"
#include "str.h"
#include "type.h"

#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/sysinfo.h>
#endif

Obj NONE_OBJ = {&NoneType};
Obj TRUE_OBJ = {&BoolType};
Obj FALSE_OBJ = {&BoolType};
Obj NOTIMPL_OBJ = {&NotImplType};
Obj ELLIPSIS_OBJ = {&EllipsisType};
Obj ITER_DONE_OBJ = {&IterDoneType};

Obj *obj_alloc(Type *t, size_t size) {
    Obj *o = gc_alloc(size);
    o->type = t;
    return o;
}

// The largest single request gc_size_ok accepts (0: not computed yet).
static uint64_t alloc_limit;

static void limit_to_rlimit(int resource) {
    struct rlimit rl;
    if (getrlimit(resource, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
        (uint64_t)rl.rlim_cur < alloc_limit)
        alloc_limit = (uint64_t)rl.rlim_cur;
}

bool gc_size_ok(uint64_t nbytes) {
    if (!alloc_limit) {
        // Linux's default overcommit policy refuses a request larger than
        // memory and swap together.
        alloc_limit = UINT64_C(1) << 40;
#ifdef __linux__
        struct sysinfo si;
        if (sysinfo(&si) == 0 && si.totalram)
            alloc_limit = ((uint64_t)si.totalram + (uint64_t)si.totalswap) * si.mem_unit;
#else
        long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
        if (pages > 0 && page > 0) alloc_limit = (uint64_t)pages * (uint64_t)page;
#endif
        limit_to_rlimit(RLIMIT_AS);
        limit_to_rlimit(RLIMIT_DATA);
    }
    if (nbytes <= alloc_limit) return true;
    err_raise((Value)&MemoryErrorType);
    return false;
}

// ---- object ---------------------------------------------------------------

static Value object_repr(Value self) {
    Type *t = val_type(self);
    if (t->module && !str_eq_cstr(t->module, "builtins"))
        return (Value)str_printf("<%S.%S object at %p>", t->module, t->qualname, (void *)self);
    return (Value)str_printf("<%s object at %p>", t->name, (void *)self);
}

static int64_t object_hash(Value self) {
    int64_t h = (int64_t)((uintptr_t)self >> 4);
    return h == -1 ? -2 : h;
}

static Value object_compare(Value a, Value b, CmpOp op) {
    if (op == CMP_EQ) return a == b ? VAL_TRUE : VAL_NOTIMPL;
    if (op == CMP_NE) return a == b ? VAL_FALSE : VAL_NOTIMPL;
    return VAL_NOTIMPL;
}

static Value object_new(Type *t, Value *args, int nargs, Tuple *kwnames) {
    if (t->flags & TF_ABSTRACT)
        return err_format(&TypeErrorType, "cannot create '%s' instances", t->name);
    if (t == &ObjectType && nargs > 0)
        return err_format(&TypeErrorType, "object() takes no arguments");
    Instance *o = (Instance *)obj_alloc(t, t->inst_size ? t->inst_size : sizeof(Instance));
    if (t->flags & TF_HAS_DICT) o->dict = dict_new();
    return (Value)o;
}

Type ObjectType = {
    .obj = {&TypeType},
    .name = "object",
    .flags = TF_BASETYPE,
    .inst_size = sizeof(Obj),
    .tp_new = object_new,
    .tp_repr = object_repr,
    .tp_hash = object_hash,
    .tp_compare = object_compare,
};

// ---- None, NotImplemented, Ellipsis ----------------------------------------

static Value none_repr(Value self) {
    return (Value)str_intern_cstr("None");
}
static int none_bool(Value self) {
    return 0;
}
static Value none_new(Type *t, Value *args, int nargs, Tuple *kwnames) {
    if (nargs) return err_format(&TypeErrorType, "NoneType takes no arguments");
    return VAL_NONE;
}

Type NoneType = {
    .obj = {&TypeType},
    .name = "NoneType",
    .inst_size = sizeof(Obj),
    .tp_new = none_new,
    .tp_repr = none_repr,
    .tp_hash = object_hash,
    .tp_compare = object_compare,
    .tp_bool = none_bool,
};

static Value notimpl_repr(Value self) {
    return (Value)str_intern_cstr("NotImplemented");
}

static Value notimpl_new(Type *t, Value *args, int nargs, Tuple *kwnames) {
    if (nargs) return err_format(&TypeErrorType, "NotImplementedType takes no arguments");
    return VAL_NOTIMPL;
}

Type NotImplType = {
    .obj = {&TypeType},
    .name = "NotImplementedType",
    .inst_size = sizeof(Obj),
    .tp_new = notimpl_new,
    .tp_repr = notimpl_repr,
    .tp_hash = object_hash,
    .tp_compare = object_compare,
};

static Value ellipsis_repr(Value self) {
    return (Value)str_intern_cstr("Ellipsis");
}

static Value ellipsis_new(Type *t, Value *args, int nargs, Tuple *kwnames) {
    if (nargs) return err_format(&TypeErrorType, "EllipsisType takes no arguments");
    return VAL_ELLIPSIS;
}

Type EllipsisType = {
    .obj = {&TypeType},
    .name = "ellipsis",
    .inst_size = sizeof(Obj),
    .tp_new = ellipsis_new,
    .tp_repr = ellipsis_repr,
    .tp_hash = object_hash,
    .tp_compare = object_compare,
};

Type IterDoneType = {
    .obj = {&TypeType},
    .name = "iter_done",
    .inst_size = sizeof(Obj),
    .tp_repr = object_repr,
};

Obj ITER_NEEDS_HELPER_OBJ = {&IterDoneType};

// ---- code objects (the type; code.c builds them) ------------------------------------

#include "code.h"

static Value code_repr(Value self) {
    Code *c = (Code *)self;
    return (Value)str_printf("<code object %S at %p, file \"%S\", line %d>", c->name, (void *)self,
                             c->filename, c->firstlineno);
}

// code(...) takes CPython's 16+ bytecode-level arguments, which mean
// nothing for prickle's bytecode.
static Value code_tp_new(Type *t, Value *args, int nargs, Tuple *kwnames) {
    if (nargs < 16)
        return err_format(&TypeErrorType, "code expected at least 16 arguments, got %d", nargs);
    return err_format(&NotImplementedErrorType, "code() is not supported by prickle");
}

Type CodeType = {
    .obj = {&TypeType},
    .name = "code",
    .inst_size = sizeof(Code),
    .tp_new = code_tp_new,
    .tp_repr = code_repr,
};
