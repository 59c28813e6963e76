// iterobj.h — layouts of the builtin iterator and wrapper objects defined
// in builtins.c, ops.c and tuple.c, shared with the frame format (format/),
// which stores and rebuilds them field by field.
#ifndef PRICKLE_ITEROBJ_H
#define PRICKLE_ITEROBJ_H

#include "object.h"

// iter(func, sentinel)
typedef struct {
    Obj obj;
    Value func; // VAL_NULL once exhausted
    Value sentinel;
} CallIter;

typedef struct {
    Obj obj;
    Value it;
    int64_t count;
} Enumerate;

typedef struct {
    Obj obj;
    Tuple *its;
} Zip;

typedef struct {
    Obj obj;
    Value func;
    Tuple *its;
} MapIter;

typedef struct {
    Obj obj;
    Value func; // None: truth
    Value it;
} FilterIter;

// reversed() over a user sequence (__len__ + __getitem__).
typedef struct {
    Obj obj;
    Value seq;
    int64_t index; // next index; < 0 when exhausted
} RevIter;

// Iterator over a user sequence with only __getitem__.
typedef struct {
    Obj obj;
    Value seq; // VAL_NULL once exhausted
    int64_t index;
} SeqIter;

typedef struct {
    Obj obj;
    Type *cls;
    Value self;
} Super;

// list[int] and friends (annotations).
typedef struct {
    Obj obj;
    Value origin;
    Tuple *args;
} GenericAlias;

extern Type CallIterType, EnumerateType, ZipType, MapType, FilterType, ReversedType, SuperType,
    SeqIterType, GenericAliasType;

#endif
