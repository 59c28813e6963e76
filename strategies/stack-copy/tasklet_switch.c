// tasklet_switch.c — the stack-copy strategy's tasklet switch: every
// tasklet's C activations (the recursive driver's eval and helper frames)
// live on the one C stack; a switch saves the outgoing slices that the
// incoming tasklet needs and restores its own (cstack.c).
#include <stdio.h>
#include <stdlib.h>

#include "cstack.h"
#include "object.h"
#include "tasklet.h"

static CStack main_stack; // static storage: scanned by the GC as a root

static void tasklet_entry(void *arg) {
    sched_run_new_tasklet((Tasklet *)arg);
}

void strategy_switch(Tasklet *from, Tasklet *to) {
    if (!sched.main->cstack) {
        // First switch: the running stack is main's (whole stack).
        cstack_init_main(&main_stack);
        sched.main->cstack = &main_stack;
    }
    if (!to->cstack) {
        // Scanned GC memory, reachable from the tasklet: keeps the saved
        // slice (and what it refers to) alive while the tasklet is.
        CStack *s = gc_alloc(sizeof(CStack));
        cstack_init(s, tasklet_entry, to);
        to->cstack = s;
    }
    if (from->state == TS_DEAD) cstack_exit((CStack *)to->cstack);
    if (cstack_switch((CStack *)to->cstack) < 0) {
        fprintf(stderr, "prickle: out of memory saving a tasklet's C stack\n");
        abort();
    }
}
