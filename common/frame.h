// frame.h — interpreter frames and generators: the heap records a tasklet
// is made of.
//
// Frames always live on the heap (DESIGN.md, decision 1). A frame holds its
// code, instruction index, value stack, locals and cells. The frame chain
// links records through `back`: a record is a Frame or a Helper (helper.h).
// Sync points: the eval loop keeps ip and the stack pointer in C locals and
// writes them back here (SAVE_FRAME in eval.c) before anything that can
// leave the frame — a call, a yield, a raise, an allocation-heavy builtin.
#ifndef PRICKLE_FRAME_H
#define PRICKLE_FRAME_H

#include "code.h"
#include "object.h"

struct Frame {
    Obj obj;
    Value back; // the record below (Frame or Helper); VAL_NULL at the bottom
    Code *code;
    Func *func; // the function being run (NULL for module code)
    Dict *globals;
    Dict *locals;    // CO_CLASSBODY and CO_MODULE code: the namespace dict
    Value gen;       // the generator owning this frame, or VAL_NULL
    int32_t ip;      // next instruction; while a callee runs: the suspended instruction
    int32_t sp;      // number of values on the value stack
    Value init_self; // a class call running __init__: the new instance (returned instead of None)
    Value slots[];   // nlocals locals, ncells + nfrees cells, then the value stack
};

// Offsets into slots.
static inline Value *frame_cells(Frame *f) {
    return f->slots + f->code->nlocals;
}
static inline Value *frame_stack(Frame *f) {
    return f->slots + f->code->nlocals + f->code->ncells + f->code->nfrees;
}

// A new frame for [code] with empty locals, fresh cells for cellvars, the
// free cells from [func]'s closure, and an empty stack.
Frame *frame_new(Code *code, Func *func, Dict *globals, Dict *locals);

// Bind call arguments (positional, then keyword arguments named by
// [kwnames]) to the parameters of [fn] in the fresh frame [f], applying
// defaults; raises TypeError with CPython's messages and returns false.
bool frame_bind_args(Frame *f, Func *fn, Value *args, int nargs, Tuple *kwnames);

// Generator states.
typedef enum { GEN_CREATED, GEN_SUSPENDED, GEN_RUNNING, GEN_FINISHED } GenState;

typedef struct {
    Obj obj;
    Frame *frame; // VAL_NULL (NULL) once finished
    Str *name, *qualname;
    int32_t state;  // GenState
    Value exc_info; // the generator's own handled-exception state while suspended
} Generator;

// A generator object around a fresh frame.
Generator *gen_new(Frame *f);

#endif
