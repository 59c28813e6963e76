// resume.c — the driver-independent half of the resume protocol (resume.h,
// docs/RESUME.md): the check that a tasklet's record chain can be continued
// from the heap alone, and the cursor that the recursive driver's run() and
// vm_run_helper() follow while they re-enter the chain bottom to top on a
// fresh C stack (the re-entry itself is in eval.c, next to the nested calls
// it re-issues).
#include "resume.h"

#include "code.h"
#include "err.h"
#include "frame.h"
#include "helper.h"
#include "ops.h"
#include "str.h"
#include "vm.h"

#include <stdio.h>
#include <stdlib.h>

ResumeCursor resume_cursor;

extern HelperDef tasklet_start_helper; // sched.c: the bottom of every tasklet but main

static inline bool is_frame(Value r) {
    return val_is(r, &FrameType);
}

// The generator whose frame is [r], or NULL.
static Generator *gen_of(Value r) {
    if (!r || !is_frame(r) || !((Frame *)r)->gen) return NULL;
    return (Generator *)((Frame *)r)->gen;
}

// "frame of 'f' at instruction 12 (CALL)" / "helper record 'builtins.sorted'".
static Str *describe(Value r) {
    if (is_frame(r)) {
        Frame *f = (Frame *)r;
        if (!f->code) return str_printf("frame without code");
        if (f->ip < 0 || f->ip >= f->code->ninstrs)
            return str_printf("frame of '%S' at instruction %d", f->code->qualname, (int)f->ip);
        Opcode op = INSTR_OP(f->code->instrs[f->ip]);
        return str_printf("frame of '%S' at instruction %d (%s)", f->code->qualname, (int)f->ip,
                          op < OP_COUNT ? op_info[op].name : "unknown opcode");
    }
    const HelperDef *def = ((Helper *)r)->def;
    return str_printf("helper record '%s'", def ? def->name : "?");
}

static bool bad(Value r, const char *why) {
    if (r)
        err_format(&ValueErrorType, "tasklet cannot be resumed: %S %s", describe(r), why);
    else
        err_format(&ValueErrorType, "tasklet cannot be resumed: %s", why);
    return false;
}

// Check record [r] of [t]'s chain, below [above] (NULL: r is the top).
static bool check_record(Tasklet *t, Value r, Value above) {
    Generator *ag = gen_of(above);
    if (is_frame(r)) {
        Frame *f = (Frame *)r;
        if (!f->code) return bad(NULL, "a frame has no code");
        if (f->ip < 0 || f->ip >= f->code->ninstrs)
            return bad(r, "has its instruction index out of range");
        if (f->sp < 0 || f->sp > f->code->stacksize)
            return bad(r, "has its stack depth out of range");
        Generator *g = gen_of(r);
        if (g && (!val_is((Value)g, &GeneratorType) || g->frame != f || g->state != GEN_RUNNING))
            return bad(r, "belongs to a generator that is not running it");
        if (!above) {
            if (t->resume != RESUME_CONTINUE)
                return bad(r, "is on top but the tasklet was not preempted");
            return true;
        }
        Opcode op = INSTR_OP(f->code->instrs[f->ip]);
        if (op >= OP_COUNT || !(op_info[op].flags & OPF_RESUMABLE) || op == OP_YIELD_VALUE)
            return bad(r, "is not suspended at a call");
        if (ag) {
            Value *stack = frame_stack(f);
            if ((op != OP_FOR_ITER && op != OP_SEND) || f->sp < 1 || stack[f->sp - 1] != (Value)ag)
                return bad(r, "does not resume the generator above it");
        }
        return true;
    }
    Helper *h = (Helper *)r;
    if (!h->def) return bad(NULL, "a helper record has no definition");
    if (h->label < 0 || h->label >= h->def->nlabels) return bad(r, "has its label out of range");
    if (!above) {
        if (h->req_kind != HS_SWITCH || t->resume != RESUME_DELIVER)
            return bad(r, "is on top but not suspended in a tasklet switch");
        return true;
    }
    Generator *rg = val_is(h->req_fn, &GeneratorType) ? (Generator *)h->req_fn : NULL;
    switch (h->req_kind) {
    case HS_CALL:
        if (ag) return bad(r, "requests a call but a generator frame is above it");
        return true;
    case HS_NEXT:
        if (rg ? ag != rg : ag != NULL)
            return bad(r, "requests a next() that the record above it does not compute");
        return true;
    case HS_SEND:
    case HS_THROW:
        if (!rg || ag != rg || !h->req_args || h->req_args->len != 1)
            return bad(r, "does not resume the generator above it");
        return true;
    default: return bad(r, "has no pending request");
    }
}

// The number of records of [t]'s chain, or -1 (ValueError) if it is not a
// chain of frames and helper records ending at the bottom (or has a cycle:
// `slow` follows at half speed, record k/2 when r is record k).
static int64_t chain_length(Tasklet *t) {
    int64_t k = 0;
    Value slow = t->top;
    for (Value r = t->top; r; r = rec_back(r), k++) {
        if (!is_frame(r) && !val_is(r, &HelperType)) {
            err_format(&ValueErrorType,
                       "tasklet cannot be resumed: its record chain holds a '%s' object",
                       obj_type_name(r));
            return -1;
        }
        if (k > 0 && k % 2 == 0) slow = rec_back(slow);
        if (k > 0 && r == slow) {
            err_format(&ValueErrorType, "tasklet cannot be resumed: its record chain has a cycle");
            return -1;
        }
    }
    return k;
}

bool resume_check(Tasklet *t) {
    if (t->state != TS_ALIVE) return bad(NULL, "it is not alive");
    if (!t->top) return bad(NULL, "it has no records");
    int64_t n = chain_length(t);
    if (n < 0) return false;
    Value above = VAL_NULL, bottom = VAL_NULL;
    for (Value r = t->top; r; above = r, r = rec_back(r)) {
        if (t->started && !check_record(t, r, above)) return false;
        bottom = r;
    }
    if (t->is_main) {
        // (A main tasklet loaded by `prickle resume`.)
        Frame *f = is_frame(bottom) ? (Frame *)bottom : NULL;
        if (!f || f->gen || !(f->code->flags & CO_MODULE))
            return bad(bottom, "is at the bottom of the main tasklet instead of module code");
        return true;
    }
    Helper *start = val_is(bottom, &HelperType) ? (Helper *)bottom : NULL;
    if (!start || start->def != &tasklet_start_helper || start->fields[0] != (Value)t)
        return bad(bottom, "is at the bottom instead of the tasklet's start record");
    if (!t->started && (n != 1 || start->label != 0))
        return bad(NULL, "it has records but has not started");
    return true;
}

Value resume_begin(Tasklet *t) {
    if (!resume_check(t)) {
        fprintf(stderr, "prickle: internal error: a switched-out tasklet cannot be rebuilt:\n");
        exc_print(err_fetch(), stderr);
        abort();
    }
    int64_t n = chain_length(t);
    Value *chain = gc_alloc(sizeof(Value) * (size_t)n);
    int64_t i = n;
    for (Value r = t->top; r; r = rec_back(r)) chain[--i] = r;
    resume_cursor.chain = chain;
    resume_cursor.n = n;
    resume_cursor.next = 0;
    vm.top = VAL_NULL;
    vm.depth = 0;
    return chain[0];
}
