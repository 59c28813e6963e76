// resume.h — the resume protocol (DESIGN.md; docs/RESUME.md): how a
// recursive driver continues a tasklet whose state is only its chain of heap
// records (after unpickling; in stack-copy's PRICKLE_REBUILD test mode and
// in unwind-rebuild after every switch). The chain is re-entered from the
// bottom on a fresh C stack; the *resume cursor* below names the next record
// to re-enter, and run() / vm_run_helper() (eval.c) consult it at entry.
#ifndef PRICKLE_RESUME_H
#define PRICKLE_RESUME_H

#include "object.h"
#include "tasklet.h"

// The chain being rebuilt: its records bottom to top, and the index of the
// next one to re-enter. chain is NULL when no rebuild is in progress, and
// again as soon as the top record has been re-entered.
typedef struct {
    Value *chain;
    int64_t n;
    int64_t next;
} ResumeCursor;

extern ResumeCursor resume_cursor;

// Check that the switched-out tasklet [t] can be continued from its record
// chain alone (t->top down to its start record; for a main tasklet, down to
// the frame of the program's module code): every record a Frame or a
// Helper suspended in a call to the record above it, the top one as its
// `resume` kind requires. Driver-independent (the same invariants hold for
// the stackless driver's chains); meant also for the frame format's decoder.
// Returns false with ValueError raised, naming the offending record.
bool resume_check(Tasklet *t);

// Start rebuilding the current tasklet [t] (started, its C stack gone):
// check its chain (aborts with an internal error if malformed), load the
// cursor with it and reset vm.top and vm.depth (the re-entered records
// count the depth again). Returns the bottom record for the caller to
// re-enter: the tasklet's start helper, or for a main tasklet loaded by
// `prickle resume` the frame of the program's module code.
Value resume_begin(Tasklet *t);

// A rebuild is in progress and the record above the caller's is still to be
// re-entered: the caller (a record being re-entered) re-issues its call.
static inline bool resume_active(void) {
    return resume_cursor.chain != NULL;
}

// The next record to re-enter (only while resume_active()).
static inline Value resume_next(void) {
    return resume_cursor.chain[resume_cursor.next];
}

// At the entry of a record's activation: whether [rec] is being re-entered
// (then the cursor moves past it; after the top record it is cleared).
static inline bool resume_enter(Value rec) {
    if (__builtin_expect(resume_cursor.chain == NULL, 1)) return false;
    if (resume_cursor.chain[resume_cursor.next] != rec) return false;
    if (++resume_cursor.next == resume_cursor.n) resume_cursor.chain = NULL;
    return true;
}

// A failure before the next record could be re-entered (C stack exhausted):
// the rebuild ends there; the exception propagates into the records already
// re-entered, and the records above are dropped.
static inline void resume_abort(void) {
    resume_cursor.chain = NULL;
}

#endif
