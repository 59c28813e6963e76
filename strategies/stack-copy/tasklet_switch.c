// tasklet_switch.c — the stack-copy strategy's tasklet switch: every
// tasklet's C activations (the recursive driver's eval and helper frames)
// live on the one C stack; a switch saves the outgoing slices that the
// incoming tasklet needs and restores its own (cstack.c). A tasklet without
// a C stack slice (new, or unpickled) gets a fresh one: a new tasklet starts
// there, a started one is rebuilt from its records (the resume protocol,
// common/resume.h). Test mode PRICKLE_REBUILD=1: every switch discards the
// outgoing tasklet's slice when it could be rebuilt, as unwind-rebuild does.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cstack.h"
#include "object.h"
#include "tasklet.h"

static CStack main_stack; // static storage: scanned by the GC as a root

static void tasklet_entry(void *arg) {
    sched_run_new_tasklet((Tasklet *)arg);
}

// PRICKLE_REBUILD=1 (read at the first switch).
static bool rebuild_mode;

// Whether the switched-out tasklet [t] can be continued from its records
// alone: not main (whose bottom is the C driver itself), no nested
// interpreter run outside the helper protocol on its C stack.
static bool restorable(Tasklet *t) {
    return !t->is_main && t->nesting == 0;
}

void strategy_switch(Tasklet *from, Tasklet *to) {
    if (main_stack.state == CSTACK_NEW && !main_stack.stop) {
        // First switch: the running tasklet is on the process's stack (main;
        // under `prickle resume`, the process's own tasklet, see
        // vm_run_resumed).
        cstack_init_main(&main_stack);
        from->cstack = &main_stack;
        const char *env = getenv("PRICKLE_REBUILD");
        rebuild_mode = env && *env && strcmp(env, "0") != 0;
    }
    if (!to->cstack) {
        // Scanned GC memory, reachable from the tasklet: keeps the saved
        // slice (and what it refers to) alive while the tasklet is.
        CStack *s = gc_alloc(sizeof(CStack));
        cstack_init(s, tasklet_entry, to);
        to->cstack = s;
    }
    if (from->state == TS_DEAD) cstack_exit((CStack *)to->cstack);
    if (rebuild_mode && from != to && restorable(from)) {
        // Discard its slice like a dead one's: switched back in, it gets a
        // fresh one and sched_run_new_tasklet rebuilds it (it has started).
        from->cstack = NULL;
        cstack_exit((CStack *)to->cstack);
    }
    if (cstack_switch((CStack *)to->cstack) < 0) {
        fprintf(stderr, "prickle: out of memory saving a tasklet's C stack\n");
        abort();
    }
}
