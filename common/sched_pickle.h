// sched_pickle.h — pickling the whole scheduler at a switch (sched_pickle.c):
// pickle-everywhere's in-place round trip, whole-scheduler pickles for a
// fresh process, and continuing one (`prickle resume`).
#ifndef PRICKLE_SCHED_PICKLE_H
#define PRICKLE_SCHED_PICKLE_H

#include "format.h"
#include "tasklet.h"

// Pickle-everywhere mode (sched_enter, every Nth switch): all tasklets are
// switched out (the outgoing [cur] has just been saved, [to] is not loaded
// yet): pickle every one of them and continue from what the pickle holds
// (fmt_roundtrip_world). Exits the process (status 70) if that fails.
void sched_pickle_world(Tasklet *cur, Tasklet *to);

// `prickle run --save-pickles DIR`: create DIR and its index.tsv. False
// (after a message on stderr) if they cannot be written.
bool sched_pickle_start_saving(const char *dir);

// At switch number [k] (sched_enter, before [to] is loaded): write the
// whole scheduler to DIR/<k>.pkl and a line `k, stdout bytes, stderr bytes,
// file` to DIR/index.tsv — or `-` and the reason when a tasklet is not
// restorable at this point.
void sched_pickle_save(Tasklet *to, uint64_t k);

// `prickle resume` of a whole scheduler [s] in this fresh process: register
// its modules, install its main tasklet and run queue, and run until the
// main tasklet finishes. Returns its result, or VAL_NULL with the program's
// uncaught exception raised.
Value sched_pickle_resume(const FmtScheduler *s);

#endif
