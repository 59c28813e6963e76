// sched_impl.h — internals shared by the scheduler (sched.c) and the
// channel type (channel.c): run queue rings and switch requests.
#ifndef PRICKLE_SCHED_IMPL_H
#define PRICKLE_SCHED_IMPL_H

#include "tasklet.h"

// Ring operations on a ring with head pointer *head (run queue or channel).
void ring_append(Tasklet **head, Tasklet *t);
void ring_unlink(Tasklet **head, Tasklet *t);

// The run queue: membership, append at the end, removal (no-op if absent).
bool rq_contains(Tasklet *t);
void rq_insert(Tasklet *t);
void rq_remove(Tasklet *t);
// Insert [t] (in no ring) right after the current tasklet.
void rq_insert_after_current(Tasklet *t);

// Whether [t] is the only tasklet in the run queue.
bool sched_alone(Tasklet *t);

// The tasklet to run after the current one left the run queue: the head of
// the queue, or main by the watchdog rule (docs/TASKLETS.md).
Tasklet *sched_next_after_leave(void);

// Raise the deadlock RuntimeError; returns VAL_NULL.
Value deadlock_error(void);

// Request the switch to [to] from helper [h] (resumed at label 1); the
// current tasklet will receive [value] or raise [exc] unless whoever
// resumes it leaves something else.
HelperStatus sched_switch_to(Helper *h, Tasklet *to, Value value, Value exc);

// Label 1 of a scheduler helper: return what the tasklet was resumed with.
HelperStatus sched_resumed(Value in, Value *out);

// Errors unless [t] can be inserted into the run queue (alive, not blocked).
Value sched_check_runnable(Tasklet *t);

// An exception instance from throw()-style arguments: HS_RETURN with *exc,
// HS_CALL (instantiate the class; resumes at [label]) or HS_RAISE.
HelperStatus sched_make_exc(Helper *h, int label, Value cls, Tuple *cargs, Value *exc);

// Argument [pos] or keyword [name] of a builtin call, or [dflt].
Value sched_arg(Value *args, int nargs, Tuple *kw, int pos, const char *name, Value dflt);

// Take tasklet [t] off the channel it is blocked on.
void chan_unblock(Tasklet *t);

// Ready the channel type (start-up).
void channel_init(void);

#endif
