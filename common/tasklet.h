// tasklet.h — tasklets, channels and the scheduler: the Stackless API
// (docs/TASKLETS.md is the contract), shared by every strategy.
//
// Every scheduler operation that may switch (schedule, channel send and
// receive, tasklet.run, kill, ...) is a helper (helper.h) that returns
// HS_SWITCH with the target tasklet in req_fn once it has updated the run
// queue. The driver performs the switch: the stackless driver swaps record
// chains inside its loop (sched_enter() tells it how to resume the target),
// the recursive drivers call sched_transfer(), which a strategy implements
// (stack-copy: copy C stack slices). The switched-out tasklet is resumed
// later by stepping its helper again with the value (or exception) another
// tasklet left for it.
#ifndef PRICKLE_TASKLET_H
#define PRICKLE_TASKLET_H

#include "helper.h"
#include "object.h"

typedef struct Channel Channel;
typedef struct Tasklet Tasklet;

// Life cycle of a tasklet.
typedef enum {
    TS_NEW,   // no arguments bound yet (not alive)
    TS_ALIVE, // bound (perhaps not started yet), running, runnable, blocked or paused
    TS_DEAD,  // its function returned or raised
} TaskletState;

// How a switched-out tasklet continues when switched back in.
typedef enum {
    RESUME_DELIVER,  // deliver resume_value / resume_exc to its top record
    RESUME_CONTINUE, // preempted: its top frame continues at its ip
} ResumeKind;

struct Tasklet {
    Obj obj;
    Dict *dict; // attributes of instances of subclasses (same offset as Instance)
    Value func; // the bound callable, or VAL_NULL
    Tuple *args;
    Dict *kwargs;
    Tasklet *next, *prev; // ring links: the run queue, or a channel's wait queue
    Channel *channel;     // the channel it is blocked on, or NULL
    int8_t dir;           // blocked: +1 sending, -1 receiving
    uint8_t state;        // TaskletState
    bool is_main, atomic, block_trap, started;
    Value tempval;  // see docs/TASKLETS.md; while blocked in send: the value sent
    Value send_exc; // while blocked in send_exception/send_throw: the exception sent
    // How it continues when switched in, and with what.
    uint8_t resume;
    Value resume_value; // RESUME_DELIVER: the value its pending operation returns
    Value resume_exc;   // ... or the exception it raises (VAL_NULL: none)
    // Interpreter state saved while it is not current.
    Value top;       // its record chain (top record; VAL_NULL before it starts)
    int64_t depth;   // Python call depth
    int64_t nesting; // nested interpreter runs on its C stack
    Value exc_info;  // sys.exc_info() state
    void *cstack;    // strategy data (stack-copy: its saved C stack slice)
    Value nested_fn; // while nesting > 0: what its innermost nested run calls
};

struct Channel {
    Obj obj;
    Dict *dict;
    Tasklet *head;   // first waiting tasklet (ring through next/prev), or NULL
    int64_t balance; // > 0: senders waiting, < 0: receivers waiting
    int8_t preference;
    bool schedule_all, closing;
};

extern Type TaskletType, ChannelType;

// The scheduler state (one per process).
typedef struct {
    Tasklet *current; // the running tasklet
    Tasklet *main;    // the main tasklet (runs the program)
    Tasklet *head;    // the run queue ring: current when it is in the ring, else the next to run
    int64_t runcount; // tasklets in the ring
    bool main_in_run; // main is inside stackless.run()
    // Preemption by stackless.run(timeout): ticks left before the current
    // tasklet is interrupted (INT64_MAX when disarmed).
    int64_t ticks_left;
    int64_t timeout;    // the run(timeout) budget, 0 when not preempting
    int64_t total_left; // totaltimeout: ticks left for the whole run()
    bool totaltimeout;
    uint64_t switches; // number of switches performed (statistics)
    // Pickle-everywhere mode (prickle run --pickle-every N): every Nth
    // switch, every tasklet is pickled and decoded back in place.
    int64_t pickle_every;
    uint64_t pickle_bytes; // total size of those pickles (statistics)
    // `prickle run --save-pickles DIR`: at switches 1, 2, 4, 8, ... the
    // whole scheduler is pickled into DIR for `prickle resume` (NULL: off).
    const char *save_dir;
} Sched;

extern Sched sched;

// Create the main tasklet and the `stackless` module (start-up).
void sched_init(void);

// Drivers: the current tasklet is switched out (its helper h returned
// HS_SWITCH, or it was preempted) and [to] becomes current: save the
// interpreter state of the current tasklet and load [to]'s. The caller then
// resumes [to] by its `resume` kind (stackless driver), or calls
// sched_transfer (recursive drivers, which do both steps there).
void sched_enter(Tasklet *to);

// Take what tasklet [t] is resumed with (RESUME_DELIVER): its value, or
// VAL_NULL with its exception raised.
Value sched_take_resume(Tasklet *t);

// Recursive drivers: switch to [to] (sched_enter plus the strategy's stack
// transfer); returns when the calling tasklet is resumed, with its resume
// value, or VAL_NULL with its resume exception raised.
Value sched_transfer(Tasklet *to);

// Strategy hook for the recursive drivers: transfer the C-level control
// from the tasklet [from] (which may be dead: then never resumed) to [to].
// [to] may never have run: then the strategy starts it with
// sched_run_new_tasklet() on a fresh C stack region.
void strategy_switch(Tasklet *from, Tasklet *to);

// Recursive drivers: the body of a tasklet's first activation: run its
// start record to the end (which switches away for good). Never returns.
void sched_run_new_tasklet(Tasklet *t) __attribute__((noreturn));

// A tick at a preemption check point (loop back-edge, function entry)
// found ticks_left exhausted: returns true if the current tasklet must be
// interrupted now (then it is marked RESUME_CONTINUE, taken out of the run
// queue, and main must be switched to: *to is set), false to carry on.
bool sched_preempt(Tasklet **to);

// Whether the current tasklet may switch now; raises RuntimeError naming
// the obstacle and returns false if not (stackless driver: Python code run
// by C code outside the helper protocol is on the C stack). Defined by the
// driver (eval.c).
bool vm_can_switch(void);
// The same test without raising.
bool vm_switch_allowed(void);

#endif
