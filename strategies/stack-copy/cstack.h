// cstack.h — C stack switching for the stack-copy strategy: every tasklet
// runs on the thread's one C stack, and a switch copies stack slices to and
// from heap buffers (greenlet's lazy, incremental algorithm), with a small
// per-architecture register switch (switch_<arch>.S). Single-threaded: all
// calls must come from the thread that called cstack_init_main.
//
// Rules for code running on these stacks:
// - Never keep a pointer into another stack's frames (a local passed to a
//   stack it starts, say): while that stack is suspended its bytes may live
//   in its heap copy and another stack's frames at that address.
// - GC finalizers (run inside allocations, which a switch makes) and signal
//   handlers must not switch; a nested switch aborts with a message.
// - ASan: run with ASAN_OPTIONS=detect_stack_use_after_return=0 (the
//   default; fake stacks do not follow switches). CET shadow stacks and
//   valgrind do not follow stack copying either.
#ifndef PRICKLE_CSTACK_H
#define PRICKLE_CSTACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum CStackState {
    CSTACK_NEW,       // initialised, never run
    CSTACK_RUNNING,   // the current stack
    CSTACK_SUSPENDED, // switched away from; resumable
    CSTACK_DYING,     // inside cstack_exit (transient)
    CSTACK_DEAD,      // finished with cstack_exit
} CStackState;

// One C stack slice. Embed it in a GC-allocated object (or static storage
// for the main stack) so that the copy buffer stays reachable: the buffer is
// scanned memory, which keeps alive what a suspended stack refers to. Treat
// the fields as read-only outside cstack.c.
typedef struct CStack {
    uintptr_t sp;          // saved stack pointer while suspended
    uintptr_t stop;        // far (high) end of the slice; UINTPTR_MAX for main
    void *copy;            // heap copy of [sp, sp + saved), or NULL
    size_t saved;          // bytes currently held in copy
    size_t cap;            // capacity of copy
    struct CStack *prev;   // next stack (higher stop) still partly on the C stack
    void (*entry)(void *); // entry function of a non-main stack
    void *arg;             // its argument
    CStackState state;
} CStack;

// Counters for benchmarks (cumulative since cstack_init_main or the last
// cstack_reset_stats).
typedef struct CStackStats {
    uint64_t switches;       // completed switches, including starts and exits
    uint64_t saves;          // stack-to-heap copy operations
    uint64_t bytes_saved;    // bytes copied stack to heap
    uint64_t restores;       // heap-to-stack copy operations
    uint64_t bytes_restored; // bytes copied heap to stack
    uint64_t allocs;         // copy buffers allocated (or grown)
} CStackStats;

// Make the running C stack the main stack `s` (static storage) and the
// current one. Its slice is the whole stack (stop = top of the address
// space). Call once, before any other cstack function. Reads the
// environment: PRICKLE_CSTACK_EAGER=1 selects eager saving,
// PRICKLE_CSTACK_REUSE=0 drops buffers after each restore.
void cstack_init_main(CStack *s);

// Prepare `s` to run entry(arg) on its first cstack_switch. entry must never
// return: it ends with cstack_exit. No memory is allocated.
void cstack_init(CStack *s, void (*entry)(void *), void *arg);

// Switch from the running stack to `to` (suspended or new). Returns 0 when
// some stack switches back to the caller, or -1 at once, with nothing
// changed, if the memory to save the slices could not be allocated.
// A new `to` starts entry(arg) on the C stack just below the caller's frame
// (greenlet's model: no copying at the start, and the caller's frames above
// stay in place), or at the start base if that is higher (see
// cstack_set_start_base). Switching to the current stack returns 0 at once;
// switching to a dying or dead stack is a programming error (message on
// stderr, abort).
int cstack_switch(CStack *to);

// Finish the running stack (which must not be the main stack) and switch to
// `to` (suspended or new). The running slice is never saved; its buffer is
// dropped and its state becomes CSTACK_DEAD. A new `to` starts at the top
// of the dying slice (or the start base if higher), so that stacks which run
// to completion one after another do not creep down the C stack. Aborts if
// the slices `to` needs could not be saved (the dying stack has nowhere to
// return to).
_Noreturn void cstack_exit(CStack *to);

// Where new stacks start. NULL (the default): just below the frame that
// starts them, so a stack started from a deep stack lives deeper still, and
// a chain of starts creeps down the C stack (deeper RSS, more stack for the
// GC to scan). Non-NULL: no new stack starts below `base` (an address in a
// long-lived frame near the bottom of the stack, e.g. a local of the
// interpreter's top-level function): the starter's frames below it are
// saved instead (lazily, as always), and stacks started at the same base
// overlap completely, like libaco's shared stack.
void cstack_set_start_base(void *base);

// The running stack.
CStack *cstack_current(void);

// Eager mode: at every switch the outgoing stack (other than main, whose
// slice is unbounded) is saved in full, not only the part the incoming one
// overlaps. For measuring the effect of laziness; both modes are correct.
void cstack_set_eager(bool eager);
bool cstack_get_eager(void);

// Buffer reuse (default on): a restored stack keeps its copy buffer for its
// next save (whose stale words the GC still scans while the stack runs).
// Off: the buffer is dropped after the copy-back, as greenlet does (one
// allocation per save, measured 1.5-2x slower per switch).
void cstack_set_reuse(bool reuse);

// The counters, and resetting them to zero.
const CStackStats *cstack_stats(void);
void cstack_reset_stats(void);

// The register switch (switch_<arch>.S), for cstack.c only: push the
// callee-saved registers (and the FP control state) on the running stack,
// call save(sp, ctx) with sp pointing at them, move the stack pointer to the
// value save returns, call restore(ctx) (whose frame lies below that
// pointer, so it may write above it), pop the registers found there and
// jump to the return address popped with them. Returns restore's result.
void *cstack_asm_switch(void *(*save)(void *sp, void *ctx), void *(*restore)(void *ctx), void *ctx)
    __attribute__((returns_twice));

// Also for cstack.c only: set the stack pointer to `sp` rounded down to 16
// bytes and call fn() there, which must never return.
_Noreturn void cstack_asm_start(void *sp, void (*fn)(void));

#endif
