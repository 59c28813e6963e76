// cstack.c — the stack-copy strategy's C stack switching: greenlet's lazy,
// incremental slice saving on one shared C stack, on top of the register
// switch in switch_<arch>.S. Copy buffers come from the Boehm GC as scanned
// memory; -DCSTACK_NO_GC (a test-only switch, for the GC-free aarch64 test
// under qemu) takes them from malloc/free instead.
#include "cstack.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef CSTACK_NO_GC
#define BUF_ALLOC(n) malloc(n)
#define BUF_FREE(p) free(p)
#else
#include <gc.h>
// Scanned, not atomic: a suspended stack's slice refers to live objects.
// Big buffers are only ever referred to by their start (CStack.copy).
#define BUF_ALLOC(n) ((n) > 8192 ? GC_MALLOC_IGNORE_OFF_PAGE(n) : GC_MALLOC(n))
#define BUF_FREE(p) GC_FREE(p)
#endif

#if defined(__SANITIZE_ADDRESS__)
#define CSTACK_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CSTACK_ASAN 1
#endif
#endif
#ifdef CSTACK_ASAN
#include <sanitizer/asan_interface.h>
#endif

#define NOINLINE __attribute__((noinline))
// Code reading or writing other frames' stack memory (ASan would see
// reads of redzones and of memory below the stack pointer).
#define NO_ASAN __attribute__((no_sanitize_address))

// Switch state. Only globals carry information across the register switch:
// a frame that runs before and after it may find itself on another stack.
static struct {
    CStack *current; // the running stack
    CStack *target;  // the stack being switched to
    CStack *main;    // the main stack
    bool switching;  // between save_cb's start and restore_cb's end
    bool starting;   // the switch in progress starts a new stack
    bool moved;      // ... above the sp it switches from (cstack_asm_start)
    uintptr_t base;  // no new stack starts below this (0: none)
    bool failed;     // save ran out of memory: the switch did not happen
    bool eager;
    bool reuse;
    CStackStats stats;
} st = {.reuse = true};

static _Noreturn void fatal(const char *msg) {
    fprintf(stderr, "prickle: cstack: %s\n", msg);
    fflush(stderr);
    abort();
}

// Copy n bytes (a multiple of the word size, pointer-aligned) between the
// C stack and a heap buffer. Under ASan, a plain word loop that the compiler
// cannot turn into a memcpy call (ASan intercepts memcpy and would check the
// stack redzones it reads or writes).
NO_ASAN static void copy_words(void *dst, const void *src, size_t n) {
#ifdef CSTACK_ASAN
    uintptr_t *d = dst;
    const uintptr_t *s = src;
    for (size_t i = 0; i < n / sizeof(uintptr_t); i++) {
        d[i] = s[i];
        __asm__ volatile("" ::: "memory");
    }
#else
    memcpy(dst, src, n);
#endif
}

// Extend s's copy to cover [s->sp, upto), copying only the bytes not saved
// yet. Runs while the C stack is intact, so it may allocate (and the GC may
// collect). Returns false when out of memory (the copy is unchanged).
NO_ASAN static bool save_upto(CStack *s, uintptr_t upto) {
    if (upto <= s->sp) return true;
    size_t need = upto - s->sp;
    if (need <= s->saved) return true;
    if (need > s->cap) {
        size_t cap = s->cap * 2;
        if (cap < need) cap = need;
        cap = (cap + 63) & ~(size_t)63;
        void *buf = BUF_ALLOC(cap);
        if (!buf) return false;
        if (s->saved) memcpy(buf, s->copy, s->saved); // heap to heap
        if (s->copy) BUF_FREE(s->copy);
        s->copy = buf;
        s->cap = cap;
        st.stats.allocs++;
    }
    copy_words((char *)s->copy + s->saved, (const void *)(s->sp + s->saved), need - s->saved);
    st.stats.saves++;
    st.stats.bytes_saved += need - s->saved;
    s->saved = need;
    return true;
}

// First half of the switch (called by cstack_asm_switch with the registers
// pushed at sp): save the slices of the stacks still on the C stack that
// overlap the target's region [target->sp, target->stop), walking the chain
// from the running stack towards higher stops. Returns the stack pointer
// to move to: the target's, or sp itself to start a new stack or when out
// of memory.
NOINLINE NO_ASAN static void *save_cb(void *sp, void *ctx) {
    (void)ctx;
    st.switching = true; // a GC finalizer run by save_upto must not switch
    CStack *cur = st.current, *to = st.target;
    uintptr_t target_stop = to->stop;
    cur->sp = (uintptr_t)sp;
    CStack *owner = cur;
    if (cur->state == CSTACK_DYING) {
        owner = cur->prev; // its bytes are never needed again
    } else if (st.eager && cur != st.main) {
        if (!save_upto(cur, cur->stop)) goto oom;
    }
    while (owner->stop < target_stop) { // entirely inside the target's region
        if (!save_upto(owner, owner->stop)) goto oom;
        owner = owner->prev;
    }
    if (owner != to && !save_upto(owner, target_stop)) goto oom;
    return to->state == CSTACK_NEW ? sp : (void *)to->sp;
oom:
    st.failed = true;
    return sp;
}

// Second half, running below the target's stack pointer: copy the target's
// saved bytes back above it, relink the chain and make it current. Nothing
// here may allocate: the C stack is inconsistent until the copy is done.
NOINLINE NO_ASAN static void *restore_cb(void *ctx) {
    (void)ctx;
    st.switching = false;
    if (st.failed) return NULL;
    CStack *to = st.target, *from = st.current;
    if (to->state == CSTACK_NEW) {
        st.starting = true;
#ifdef CSTACK_ASAN
        // A start above the caller's sp runs over frames (saved or dead)
        // whose redzones are still poisoned.
        if (st.moved && from->sp < to->stop)
            __asan_unpoison_memory_region((void *)from->sp, to->stop - from->sp);
#endif
    } else {
        size_t n = to->saved;
        if (n) {
            copy_words((void *)to->sp, to->copy, n);
            st.stats.restores++;
            st.stats.bytes_restored += n;
        }
#ifdef CSTACK_ASAN
        // The restored frames inherit the shadow of whatever ran there, and
        // the outgoing stack's frames below leave stale redzones behind.
        uintptr_t lo = from->sp < to->sp ? from->sp : to->sp;
        __asan_unpoison_memory_region((void *)lo, to->sp + n - lo);
#endif
        to->saved = 0;
        if (!st.reuse && to->copy) { // dropped only now, after the copy-back
            BUF_FREE(to->copy);
            to->copy = NULL;
            to->cap = 0;
        }
    }
    // The target's successor in the chain is the first stack with a higher
    // stop; those skipped were saved in full and leave the chain.
    CStack *owner = from->state == CSTACK_DYING ? from->prev : from;
    while (owner && owner->stop <= to->stop) {
        CStack *next = owner->prev;
        owner->prev = NULL;
        owner = next;
    }
    to->prev = owner;
    if (from->state == CSTACK_DYING) {
        from->state = CSTACK_DEAD;
        from->prev = NULL;
        if (from->copy) BUF_FREE(from->copy);
        from->copy = NULL;
        from->saved = from->cap = 0;
    } else {
        from->state = CSTACK_SUSPENDED;
    }
    to->state = CSTACK_RUNNING;
    st.current = to;
    st.stats.switches++;
    return NULL;
}

// The start of every new stack: its entry, which must not return.
NOINLINE static void start_new(void) {
    CStack *self = st.current;
    self->entry(self->arg);
    fatal("a stack's entry function returned (it must end with cstack_exit)");
}

// Switch to `to`. `mark` lies in the caller's frame, above this one. A new
// stack's slice ends at mark, or higher: at the top of a dying caller's
// slice, or at the start base. Either way the register switch comes back
// here as the new stack, on the same stack pointer (the bytes below the
// slice's end were saved first): at mark, it runs its entry in this frame,
// else it first moves the stack pointer up.
NOINLINE static int do_switch(CStack *to, void *mark) {
    if (to->state == CSTACK_NEW) {
        uintptr_t stop = (uintptr_t)mark & ~(uintptr_t)(sizeof(void *) - 1), high = st.base;
        CStack *cur = st.current;
        if (cur->state == CSTACK_DYING && cur->stop > high) high = cur->stop;
        st.moved = high > stop;
        to->stop = st.moved ? high & ~(uintptr_t)15 : stop;
    }
    st.target = to;
    cstack_asm_switch(save_cb, restore_cb, NULL);
    // Possibly another stack now: consult only the globals.
    if (st.failed) {
        st.failed = false;
        return -1;
    }
    if (st.starting) {
        st.starting = false;
        if (st.moved) cstack_asm_start((void *)st.current->stop, start_new);
        start_new();
    }
    return 0;
}

void cstack_init_main(CStack *s) {
    memset(s, 0, sizeof *s);
    s->stop = UINTPTR_MAX;
    s->state = CSTACK_RUNNING;
    st.current = st.main = s;
    const char *env = getenv("PRICKLE_CSTACK_EAGER");
    st.eager = env && *env && strcmp(env, "0") != 0;
    env = getenv("PRICKLE_CSTACK_REUSE");
    st.reuse = !(env && strcmp(env, "0") == 0);
    memset(&st.stats, 0, sizeof st.stats);
}

void cstack_init(CStack *s, void (*entry)(void *), void *arg) {
    memset(s, 0, sizeof *s);
    s->entry = entry;
    s->arg = arg;
    s->state = CSTACK_NEW;
}

NOINLINE int cstack_switch(CStack *to) {
    if (!st.current) fatal("cstack_switch before cstack_init_main");
    if (st.switching) fatal("cstack_switch during a switch (from a GC finalizer?)");
    if (to == st.current) return 0;
    if (to->state != CSTACK_NEW && to->state != CSTACK_SUSPENDED)
        fatal("switch to a dead or running stack");
    void *volatile mark = NULL;
    int r = do_switch(to, (void *)&mark);
    __asm__ volatile("" ::: "memory"); // keep this frame (and mark) alive: no tail call
    return r;
}

NOINLINE _Noreturn void cstack_exit(CStack *to) {
    CStack *cur = st.current;
    if (!cur) fatal("cstack_exit before cstack_init_main");
    if (st.switching) fatal("cstack_exit during a switch (from a GC finalizer?)");
    if (cur == st.main) fatal("the main stack cannot exit");
    if (to == cur || (to->state != CSTACK_NEW && to->state != CSTACK_SUSPENDED))
        fatal("exit to a dead or running stack");
    cur->state = CSTACK_DYING;
    void *volatile mark = NULL;
    do_switch(to, (void *)&mark);
    fatal("out of memory saving C stack slices in cstack_exit");
}

CStack *cstack_current(void) {
    return st.current;
}

void cstack_set_start_base(void *base) {
    st.base = (uintptr_t)base;
}

void cstack_set_eager(bool eager) {
    st.eager = eager;
}

bool cstack_get_eager(void) {
    return st.eager;
}

void cstack_set_reuse(bool reuse) {
    st.reuse = reuse;
}

const CStackStats *cstack_stats(void) {
    return &st.stats;
}

void cstack_reset_stats(void) {
    memset(&st.stats, 0, sizeof st.stats);
}
