// helper.h — the helper protocol: C code that calls back into Python code,
// written once as a resumable step function (DESIGN.md, decision 2).
//
// A helper keeps all its live state in a Helper record (GC object) whose
// fields are Values (counters as small ints). Its step function is entered
// with the record and an input, and returns one of:
//   HS_RETURN  done; *out is the result
//   HS_RAISE   done; an exception is pending
//   HS_CALL    "call req_fn(*req_args) and give me the result": the driver
//              performs the call and steps the helper again with the result
//   HS_NEXT    "advance the iterator req_fn": the driver steps the helper
//              again with the next item, or ITER_DONE when it is exhausted
//   HS_SEND    "send req_args[0] into the generator req_fn": stepped again
//              with the yielded value; a return raises StopIteration(value)
//   HS_THROW   "throw req_args[0] into the generator req_fn": as HS_SEND
//   HS_SWITCH  "switch to the tasklet req_fn" (scheduler operations,
//              tasklet.h): stepped again when this tasklet is switched back
//              in, with the value (or exception) left for it
// Before returning HS_CALL/HS_NEXT the step sets h->label, the symbolic
// resume label (an index into def->labels) where it continues. If the
// requested call raised, the helper is stepped with in == VAL_NULL and the
// exception pending: it may handle it (err_fetch) or return HS_RAISE.
//
// The stackless driver turns a request into a pushed frame; the recursive
// drivers perform it with a nested C call through helper_run(). Either way
// the helper is the same record with a registered name and label, which is
// what the frame format stores.
#ifndef PRICKLE_HELPER_H
#define PRICKLE_HELPER_H

#include "object.h"

typedef enum { HS_RETURN, HS_RAISE, HS_CALL, HS_NEXT, HS_SEND, HS_THROW, HS_SWITCH } HelperStatus;

typedef HelperStatus (*HelperStep)(Helper *h, Value in, Value *out);

typedef struct HelperDef {
    const char *name;          // registered name, e.g. "builtins.sorted"
    HelperStep step;           // the step function
    int nfields;               // number of Value fields
    const char *const *labels; // resume label names; labels[0] is the entry
    int nlabels;
    const char *const *fields; // field names (for the disassembler)
} HelperDef;

struct Helper {
    Obj obj;
    const HelperDef *def;
    Value back;       // the record below this one in the frame chain (driver-owned)
    int32_t label;    // where the next step resumes
    int32_t req_kind; // the HelperStatus of the pending request
    Value req_fn;     // HS_CALL: the callable; HS_NEXT: the iterator
    Tuple *req_args;  // HS_CALL: the positional arguments
    Dict *req_kwargs; // HS_CALL: keyword arguments (or NULL)
    Value fields[];
};

// Convention for helpers started by calling a builtin (Builtin.helper): the
// arguments arrive as fields[0] = a tuple of the positional arguments
// (self first for methods), fields[1] = a dict of keyword arguments or
// VAL_NONE. Such helpers need nfields >= 2.
enum { HF_ARGS = 0, HF_KWARGS = 1 };

// Define helper [var] named [name_] with step function [step_], [nf]
// fields and the resume label names that follow (the first is the entry).
#define HELPER(var, name_, step_, nf, ...)                                                         \
    static const char *const var##_labels[] = {__VA_ARGS__};                                       \
    const HelperDef var = {name_,                                                                  \
                           step_,                                                                  \
                           nf,                                                                     \
                           var##_labels,                                                           \
                           (int)(sizeof var##_labels / sizeof var##_labels[0]),                    \
                           NULL};

// Field [i] of the helper record `h` in a step function.
#define F(i) (h->fields[i])

// A new helper record for [def] at label 0 with every field VAL_NONE.
Helper *helper_new(const HelperDef *def);

// Make [def] known by name to the frame format (called at start-up).
void helper_register(const HelperDef *def);

// The registered helper named [name], or NULL.
const HelperDef *helper_lookup(const char *name);

// Request a call: resume at [label] with the result of fn(*args, **kwargs).
static inline HelperStatus helper_call(Helper *h, int label, Value fn, Tuple *args, Dict *kwargs) {
    h->label = label;
    h->req_kind = HS_CALL;
    h->req_fn = fn;
    h->req_args = args;
    h->req_kwargs = kwargs;
    return HS_CALL;
}

// Request the next item of iterator [it]: resume at [label] with the item
// or ITER_DONE.
static inline HelperStatus helper_next(Helper *h, int label, Value it) {
    h->label = label;
    h->req_kind = HS_NEXT;
    h->req_fn = it;
    h->req_args = NULL;
    h->req_kwargs = NULL;
    return HS_NEXT;
}

// Request resuming generator [gen] with [v] sent in (HS_SEND) or thrown in
// (HS_THROW); resume at [label].
HelperStatus helper_resume_gen(Helper *h, int label, HelperStatus kind, Value gen, Value v);

// Run [h] to completion with nested C calls for its requests (the
// recursive drivers' generic helper driver; the stackless driver uses it
// only for C code that is not itself a helper, counting the nesting).
// Returns the result, or VAL_NULL with an exception pending.
Value helper_run(Helper *h);

// Start iterating over [v] in a helper: F(slot) = iter(v) and HS_RETURN;
// or, for a user __iter__, request its call (resume at [label] with the
// iterator; *requested is set); HS_RAISE on error.
HelperStatus helper_start_iter(Helper *h, Value v, int slot, int label, bool *requested);

// Check that the result of a user __iter__ is an iterator; raise
// TypeError ("iter() returned non-iterator ...") and return false if not.
bool vm_check_iterator(Value it);

#endif
