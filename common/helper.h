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
//
// Builtin functions (and tp_new / tp_call slots) that would have to run
// Python code may return a fresh helper record instead of their result:
// the call then continues as that record (eval.c, prepare_call), so that
// `len(x)` on an instance with __len__ is the record vm.len calling it, not
// a nested interpreter run. C code that calls a builtin's fn directly must
// handle such a result (or run it with vm_call_nested). The obj_start_*
// operations of ops.h make these records.
#ifndef PRICKLE_HELPER_H
#define PRICKLE_HELPER_H

#include "object.h"

typedef enum { HS_RETURN, HS_RAISE, HS_CALL, HS_NEXT, HS_SEND, HS_THROW, HS_SWITCH } HelperStatus;

typedef HelperStatus (*HelperStep)(Helper *h, Value in, Value *out);

// Field types of helper records. Every helper declares its fields in one
// descriptor string of `name:T` items separated by spaces, e.g.
// "args:t kwargs:W index:I parts:L", where T is one of these letters (a
// lower-case letter is the type, its upper-case form the same or None):
//
//   v  any value (not unset)          V  any value, or unset (VAL_NULL)
//   i  small int (inline)             I  small int or None
//   b  True or False                  B  bool or None
//   t  tuple                          T  tuple or None
//   l  list                           L  list or None
//   d  dict                           D  dict or None
//   w  keyword dict: a dict whose keys are all str   W  the same or None
//   s  str                            S  str or None
//   f  float                          F  float or None
//   g  generator                      G  generator or None
//   k  tasklet (or subclass)          K  tasklet or None
//   c  channel (or subclass)          C  channel or None
//   y  type (a class)                 Y  type or None
//   m  module                         M  module or None
//   n  the iterator this helper advances: an object whose type has this
//      helper as its next_helper (object.h)
//
// Types are exact (no subclasses) except for tasklets and channels, the
// only builtin types of those letters that classes may subclass.
// helper_check_fields() checks a record against its descriptor; what a type
// letter cannot say (an index within a list's length, a field that must be
// a list from label 2 on, args[0] of a method being a channel, ...) is
// checked by the helper's `validate` callback.
#define HELPER_FIELD_TYPES(X)                                                                      \
    X('v', "any value")                                                                            \
    X('V', "any value or unset")                                                                   \
    X('i', "small int")                                                                            \
    X('I', "small int or None")                                                                    \
    X('b', "bool")                                                                                 \
    X('B', "bool or None")                                                                         \
    X('t', "tuple")                                                                                \
    X('T', "tuple or None")                                                                        \
    X('l', "list")                                                                                 \
    X('L', "list or None")                                                                         \
    X('d', "dict")                                                                                 \
    X('D', "dict or None")                                                                         \
    X('w', "dict with str keys")                                                                   \
    X('W', "dict with str keys or None")                                                           \
    X('s', "str")                                                                                  \
    X('S', "str or None")                                                                          \
    X('f', "float")                                                                                \
    X('F', "float or None")                                                                        \
    X('g', "generator")                                                                            \
    X('G', "generator or None")                                                                    \
    X('k', "tasklet")                                                                              \
    X('K', "tasklet or None")                                                                      \
    X('c', "channel")                                                                              \
    X('C', "channel or None")                                                                      \
    X('y', "type")                                                                                 \
    X('Y', "type or None")                                                                         \
    X('m', "module")                                                                               \
    X('M', "module or None")                                                                       \
    X('n', "iterator of this helper")

// A helper definition. Define it with HELPER / HELPER_CHECKED (never as a
// const object: helper_register fills in the parsed descriptor), and
// declare it elsewhere as `extern HelperDef name;`.
typedef struct HelperDef {
    const char *name;          // registered name, e.g. "builtins.sorted"
    HelperStep step;           // the step function
    int nfields;               // number of Value fields (-1 until registered)
    const char *const *labels; // resume label names; labels[0] is the entry
    int nlabels;
    const char *const *fields; // field names (for the disassembler), from the descriptor
    const char *descriptor;    // "name:T name:T ...", see HELPER_FIELD_TYPES
    const char *ftypes;        // the type letter of each field (nfields letters)
    // Optional: cross-field and label-dependent invariants of a record
    // whose fields already have their declared types; returns false with
    // ValueError raised (helper_field_error) when one does not hold.
    bool (*validate)(Helper *h);
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
// VAL_NONE. Such helpers start their descriptor with "args:t kwargs:W"
// (keyword names are str: the step functions rely on it).
enum { HF_ARGS = 0, HF_KWARGS = 1 };

// Define helper [var] named [name_] with step function [step_], the field
// descriptor [desc_] ("name:T name:T ...", see HELPER_FIELD_TYPES) and the
// resume label names that follow (the first is the entry).
#define HELPER(var, name_, step_, desc_, ...)                                                      \
    HELPER_CHECKED(var, name_, step_, NULL, desc_, __VA_ARGS__)

// HELPER with a validate callback [validate_] (see HelperDef.validate).
#define HELPER_CHECKED(var, name_, step_, validate_, desc_, ...)                                   \
    static const char *const var##_labels[] = {__VA_ARGS__};                                       \
    HelperDef var = {.name = name_,                                                                \
                     .step = step_,                                                                \
                     .nfields = -1,                                                                \
                     .labels = var##_labels,                                                       \
                     .nlabels = (int)(sizeof var##_labels / sizeof var##_labels[0]),               \
                     .descriptor = desc_,                                                          \
                     .validate = validate_};

// Field [i] of the helper record `h` in a step function.
#define F(i) (h->fields[i])

// A new helper record for [def] at label 0 with every field VAL_NONE
// (registers [def] first if it is not yet).
Helper *helper_new(const HelperDef *def);

// Make [def] known by name to the frame format (called at start-up): parses
// its field descriptor into nfields, fields and ftypes. A malformed
// descriptor, a duplicate name or a full registry is a programming error:
// it aborts with a message. Registering [def] again does nothing.
void helper_register(const HelperDef *def);

// For helpers whose step function names fields by an enum: abort with a
// message unless [def]'s descriptor declares exactly [nfields] fields
// (call after helper_register, at start-up).
void helper_expect_nfields(const HelperDef *def, int nfields);

// The registered helper named [name], or NULL.
const HelperDef *helper_lookup(const char *name);

// The registry in registration order: helper_count() helpers,
// helper_nth(0 .. helper_count() - 1).
int helper_count(void);
const HelperDef *helper_nth(int i);

// True if [v] is a valid value for a field of type letter [type] of a
// record of [def] (see HELPER_FIELD_TYPES; [def] matters for 'n').
bool helper_type_ok(const HelperDef *def, char type, Value v);

// What type letter [type] accepts ("small int or None"), or NULL if it is
// not a type letter.
const char *helper_type_name(char type);

// Check a helper record, e.g. one decoded from a pickle, before it is
// stepped: its label is in range, every field has its declared type, then
// the helper's validate callback. Returns false with ValueError raised
// (naming the helper, the field and the expected type) if not.
bool helper_check_fields(Helper *h);

// For validate callbacks: raise ValueError "helper 'NAME' field 'FIELD'
// (at label 'L'): MESSAGE" for field [field] (-1: no field) and return false.
bool helper_field_error(Helper *h, int field, const char *fmt, ...);

// For validate callbacks of helpers started by calling a method: check
// that fields[HF_ARGS] holds at least one argument and that args[0] (self)
// is an instance of [t]; helper_field_error otherwise.
bool helper_check_self(Helper *h, Type *t);

// Request a call: resume at [label] with the result of fn(*args, **kwargs).
static inline HelperStatus helper_call(Helper *h, int label, Value fn, Tuple *args, Dict *kwargs) {
    h->label = label;
    h->req_kind = HS_CALL;
    h->req_fn = fn;
    h->req_args = args;
    h->req_kwargs = kwargs;
    return HS_CALL;
}

// Request running [rec], a fresh helper record for a sub-operation (made by
// an obj_start_* function, ops.h, or helper_new): resume at [label] with
// its result. The record above is then that record: the frame format
// stores the request as a call whose callable is the record.
static inline HelperStatus helper_sub(Helper *h, int label, Value rec) {
    return helper_call(h, label, rec, NULL, NULL);
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
