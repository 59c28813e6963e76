// test_cstack.c — unit test of the stack-copy strategy's C stack switching
// (strategies/stack-copy/cstack.c): ping-pong at several call depths with
// every frame's locals verified after each switch, nested starts, exits,
// a randomised walk over many stacks, 10,000 suspended stacks, objects kept
// alive only by suspended slices, FP control state, lazy vs eager modes.
// Built with -DCSTACK_NO_GC (no Boehm GC) it skips the GC checks.
#include "cstack.h"

#include <fenv.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef CSTACK_NO_GC
#define T_ALLOC(n) calloc(1, (n))
#else
#include <gc.h>
#define T_ALLOC(n) GC_MALLOC(n)
#endif

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) fail(__FILE__, __LINE__, #cond);                                              \
    } while (0)

static _Noreturn void fail(const char *file, int line, const char *what) {
    fprintf(stderr, "%s:%d: check failed: %s\n", file, line, what);
    exit(1);
}

static CStack main_cs; // static storage: a GC root

static uint64_t mix(uint64_t x) {
    x += 0x9e3779b97f4a7c15u;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9u;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebu;
    return x ^ (x >> 31);
}

// One record per frame, linked to the caller's record (on the same stack):
// every frame's contents can be verified from the deepest one.
typedef struct Rec {
    struct Rec *up;
    uint64_t key;
    int depth;
    uint64_t a[3];
    double d;
} Rec;

static void rec_init(Rec *r, Rec *up, uint64_t key, int depth) {
    r->up = up;
    r->key = key;
    r->depth = depth;
    for (int i = 0; i < 3; i++) r->a[i] = mix(key + (uint64_t)i);
    r->d = (double)(key % 1000003) * 0.5;
}

// Check one record, then (rec_verify) the whole chain above it.
__attribute__((noinline)) static void rec_check(const Rec *r, int depth) {
    CHECK(r->depth == depth);
    for (int i = 0; i < 3; i++) CHECK(r->a[i] == mix(r->key + (uint64_t)i));
    CHECK(r->d == (double)(r->key % 1000003) * 0.5);
}

__attribute__((noinline)) static void rec_verify(const Rec *r) {
    int depth = r->depth;
    for (; r; r = r->up, depth--) rec_check(r, depth);
    CHECK(depth == -1);
}

__attribute__((noinline)) static void pad_fill(volatile unsigned char *p, size_t n, uint64_t key) {
    for (size_t i = 0; i < n; i++) p[i] = (unsigned char)(key + i * 31);
}

__attribute__((noinline)) static void pad_verify(volatile unsigned char *p, size_t n,
                                                 uint64_t key) {
    for (size_t i = 0; i < n; i++) CHECK(p[i] == (unsigned char)(key + i * 31));
}

// Run fn(arg) with `depth` verified frames of main below the caller.
typedef void (*DeepFn)(void *arg, Rec *bottom);

static void at_depth(int depth, uint64_t salt, Rec *up, DeepFn fn, void *arg) {
    Rec r;
    int d = up ? up->depth + 1 : 0;
    rec_init(&r, up, mix(salt + (uint64_t)d), d);
    if (d < depth) {
        at_depth(depth, salt, &r, fn, arg);
    } else {
        fn(arg, &r);
    }
    rec_check(&r, d); // the chain was verified below, after every switch
}

/* ---- 1. ping-pong main <-> several tasks at depths 0, 10, 100, 1000 ---- */

typedef struct PingTask {
    CStack cs;
    int id, depth;
    long turns; // incremented by the task at each turn
    bool finish;
    CStack *exit_to;
} PingTask;

static void ping_loop(PingTask *t, Rec *up) {
    Rec r;
    int d = up ? up->depth + 1 : 0;
    rec_init(&r, up, mix((uint64_t)t->id * 7919 + (uint64_t)d), d);
    uint64_t reg = mix(r.key ^ 42); // likely kept in a callee-saved register
    double freg = r.d * 3.0;
    if (d < t->depth) {
        ping_loop(t, &r);
    } else {
        while (!t->finish) {
            rec_verify(&r);
            t->turns++;
            CHECK(cstack_switch(&main_cs) == 0);
            CHECK(cstack_current() == &t->cs);
            CHECK(reg == mix(r.key ^ 42));
            CHECK(freg == r.d * 3.0);
        }
    }
    rec_check(&r, d);
    CHECK(reg == mix(r.key ^ 42));
    CHECK(freg == r.d * 3.0);
}

static void ping_entry(void *arg) {
    PingTask *t = arg;
    ping_loop(t, NULL);
    cstack_exit(t->exit_to ? t->exit_to : &main_cs);
}

typedef struct PingArgs {
    int ntasks, depth, rounds;
    bool chain_exit; // task i exits into task i+1 instead of main
} PingArgs;

static void ping_main(void *arg, Rec *bottom) {
    PingArgs *a = arg;
    PingTask **tasks = T_ALLOC(sizeof(PingTask *) * (size_t)a->ntasks);
    for (int i = 0; i < a->ntasks; i++) {
        tasks[i] = T_ALLOC(sizeof(PingTask));
        tasks[i]->id = i + 1;
        tasks[i]->depth = a->depth;
        cstack_init(&tasks[i]->cs, ping_entry, tasks[i]);
        CHECK(tasks[i]->cs.state == CSTACK_NEW);
    }
    for (int round = 0; round < a->rounds; round++) {
        for (int i = 0; i < a->ntasks; i++) {
            CHECK(cstack_switch(&tasks[i]->cs) == 0);
            CHECK(cstack_current() == &main_cs);
            CHECK(tasks[i]->turns == round + 1);
            CHECK(tasks[i]->cs.state == CSTACK_SUSPENDED);
            rec_verify(bottom);
        }
    }
    for (int i = 0; i < a->ntasks; i++) {
        tasks[i]->finish = true;
        if (a->chain_exit && i + 1 < a->ntasks) tasks[i]->exit_to = &tasks[i + 1]->cs;
    }
    if (a->chain_exit) {
        // Task 0 exits into task 1, ..., the last one into main. The later
        // tasks resume from a dead stack's exit.
        CHECK(cstack_switch(&tasks[0]->cs) == 0);
    } else {
        for (int i = 0; i < a->ntasks; i++) CHECK(cstack_switch(&tasks[i]->cs) == 0);
    }
    for (int i = 0; i < a->ntasks; i++) {
        CHECK(tasks[i]->cs.state == CSTACK_DEAD);
        CHECK(tasks[i]->cs.copy == NULL);
    }
    rec_verify(bottom);
}

static void test_pingpong(void) {
    static const int depths[] = {0, 10, 100, 1000, 5000};
    for (int di = 0; di < 5; di++) {
        for (int md = 0; md <= 30; md += 30) {
            PingArgs a = {.ntasks = 4, .depth = depths[di], .rounds = depths[di] > 1000 ? 3 : 20};
            at_depth(md, 1, NULL, ping_main, &a);
            a.chain_exit = true;
            at_depth(md, 2, NULL, ping_main, &a);
        }
    }
}

/* ---- 2. a randomised walk: many stacks, nested starts, exits anywhere ---- */

enum { WALK_MAX_ALIVE = 24, WALK_MAX_TOTAL = 4000, WALK_MAX_DEPTH = 60 };

typedef struct Walker {
    CStack cs;
    int id;
    bool alive;
} Walker;

static Walker *walkers[WALK_MAX_TOTAL];
static int n_walkers, n_alive;
static uint64_t walk_rng;
static long walk_steps;
static bool walk_finish;
static long walk_switches, walk_starts, walk_exits;

static uint64_t rnd(void) {
    walk_rng = mix(walk_rng);
    return walk_rng;
}

static void walk(Walker *w, int depth, Rec *up);

static void walker_entry(void *arg) {
    Walker *w = arg;
    walk(w, 0, NULL);
    w->alive = false;
    n_alive--;
    walk_exits++;
    cstack_exit(&main_cs);
}

// A random stack to go to (never `self`): a live one, main, or a new one;
// NULL when there is none (main, with no walker alive and none to create).
static CStack *walk_pick(CStack *self) {
    bool can_create = n_walkers < WALK_MAX_TOTAL && n_alive < WALK_MAX_ALIVE;
    Walker *sw = self == &main_cs ? NULL : (Walker *)self; // cs is the first member
    int others = n_alive - (sw && sw->alive) + (sw != NULL);
    if (can_create && (others == 0 || rnd() % 4 == 0)) {
        Walker *w = T_ALLOC(sizeof(Walker));
        w->id = n_walkers + 1;
        w->alive = true;
        cstack_init(&w->cs, walker_entry, w);
        walkers[n_walkers++] = w;
        n_alive++;
        walk_starts++;
        return &w->cs;
    }
    if (others == 0) return NULL;
    for (;;) {
        uint64_t k = rnd() % (uint64_t)(n_walkers + 1);
        CStack *c =
            k == (uint64_t)n_walkers ? &main_cs : (walkers[k]->alive ? &walkers[k]->cs : NULL);
        if (c && c != self) return c;
    }
}

static void walk(Walker *w, int depth, Rec *up) {
    CStack *self = w ? &w->cs : &main_cs;
    Rec r;
    uint64_t key = mix((uint64_t)(w ? w->id : 0) * 1000003 + (uint64_t)depth + walk_rng);
    rec_init(&r, up, key, depth);
    size_t padn = (size_t)(key % 200) + 1; // frames of varying sizes
    unsigned char pad[padn];
    pad_fill(pad, padn, key);
    for (;;) {
        rec_verify(&r);
        pad_verify(pad, padn, key);
        CHECK(cstack_current() == self);
        if (walk_finish) return;
        if (--walk_steps <= 0) {
            walk_finish = true;
            return;
        }
        uint64_t a = rnd() % 100;
        if (a < 30) {
            if (depth < WALK_MAX_DEPTH) walk(w, depth + 1, &r);
        } else if (a < 50) {
            if (depth > 0) return;
        } else if (a < 96 || !w) {
            CStack *to = walk_pick(self);
            if (to) {
                walk_switches++;
                CHECK(cstack_switch(to) == 0);
            }
        } else {
            // Exit from wherever this walker is.
            w->alive = false;
            n_alive--;
            walk_exits++;
            cstack_exit(walk_pick(self));
        }
    }
}

static void walk_main(void *arg, Rec *bottom) {
    (void)arg;
    walk(NULL, 0, NULL);
    // Let every live walker unwind and exit.
    for (int i = 0; i < n_walkers; i++) {
        if (walkers[i]->alive) CHECK(cstack_switch(&walkers[i]->cs) == 0);
    }
    CHECK(n_alive == 0);
    for (int i = 0; i < n_walkers; i++) CHECK(walkers[i]->cs.state == CSTACK_DEAD);
    rec_verify(bottom);
}

static void test_walk(uint64_t seed, long steps) {
    memset(walkers, 0, sizeof walkers);
    n_walkers = n_alive = 0;
    walk_rng = seed;
    walk_steps = steps;
    walk_finish = false;
    at_depth((int)(seed % 7), seed, NULL, walk_main, NULL);
}

/* ---- 3. many suspended stacks, each holding an object only on its stack ---- */

enum { MANY = 10000 };

typedef struct ManyTask {
    CStack cs;
    int id;
    int phase;
} ManyTask;

static ManyTask **many;

__attribute__((noinline)) static uint64_t *make_obj(uint64_t key, size_t words) {
    uint64_t *o = T_ALLOC(words * sizeof(uint64_t));
    CHECK(o != NULL);
    for (size_t i = 0; i < words; i++) o[i] = mix(key + i);
    return o;
}

__attribute__((noinline)) static void check_obj(const uint64_t *o, uint64_t key, size_t words) {
    for (size_t i = 0; i < words; i++) CHECK(o[i] == mix(key + i));
}

static void many_inner(ManyTask *t, Rec *up, int depth) {
    Rec r;
    rec_init(&r, up, mix((uint64_t)t->id * 31 + (uint64_t)depth), depth);
    if (depth < 3) {
        many_inner(t, &r, depth + 1);
    } else {
        uint64_t *volatile obj = make_obj((uint64_t)t->id, 8); // only on this stack
        for (int phase = 1; phase <= 2; phase++) {
            t->phase = phase;
            CHECK(cstack_switch(&main_cs) == 0);
            rec_verify(&r);
            check_obj(obj, (uint64_t)t->id, 8);
        }
    }
    rec_verify(&r);
}

static void many_entry(void *arg) {
    ManyTask *t = arg;
    many_inner(t, NULL, 0);
    t->phase = 3;
    cstack_exit(&main_cs);
}

__attribute__((noinline)) static void churn(int rounds) {
#ifndef CSTACK_NO_GC
    for (int r = 0; r < rounds; r++) {
        for (int i = 0; i < 20000; i++) {
            uint64_t *junk = GC_MALLOC(64);
            CHECK(junk != NULL);
            junk[0] = (uint64_t)i;
        }
        GC_gcollect();
    }
    GC_invoke_finalizers();
#else
    (void)rounds;
#endif
}

// Overwrite the stack below the caller with zeros.
__attribute__((noinline)) static void scrub(int depth) {
    volatile unsigned char buf[512];
    for (size_t i = 0; i < sizeof buf; i++) buf[i] = 0;
    if (depth > 0) scrub(depth - 1);
    buf[0] = 1;
}

static void test_many(void) {
    many = T_ALLOC(sizeof(ManyTask *) * MANY);
    for (int i = 0; i < MANY; i++) {
        many[i] = T_ALLOC(sizeof(ManyTask));
        many[i]->id = i + 1;
        cstack_init(&many[i]->cs, many_entry, many[i]);
        CHECK(cstack_switch(&many[i]->cs) == 0);
        CHECK(many[i]->phase == 1);
    }
    scrub(64);
    churn(3);
    for (int i = 0; i < MANY; i++) {
        CHECK(cstack_switch(&many[i]->cs) == 0);
        CHECK(many[i]->phase == 2);
    }
    scrub(64);
    churn(2);
    for (int i = 0; i < MANY; i++) {
        CHECK(cstack_switch(&many[i]->cs) == 0);
        CHECK(many[i]->phase == 3);
        CHECK(many[i]->cs.state == CSTACK_DEAD);
    }
#ifdef CSTACK_NO_GC
    for (int i = 0; i < MANY; i++) free(many[i]);
    free(many);
#endif
    many = NULL;
}

/* ---- 4. an object reachable only from a suspended stack survives GC ---- */

#ifndef CSTACK_NO_GC
static int finalized;

static void on_finalize(void *obj, void *data) {
    (void)obj;
    (void)data;
    finalized++;
}

typedef struct GcTask {
    CStack cs;
    bool checked;
} GcTask;

static GcTask *gc_task;

__attribute__((noinline)) static uint64_t *make_finalized_obj(uint64_t key) {
    uint64_t *o = make_obj(key, 64);
    GC_REGISTER_FINALIZER(o, on_finalize, NULL, NULL, NULL);
    return o;
}

__attribute__((noinline)) static void gc_hold(GcTask *t, int depth) {
    volatile unsigned char filler[256];
    for (size_t i = 0; i < sizeof filler; i++) filler[i] = (unsigned char)i;
    if (depth > 0) {
        gc_hold(t, depth - 1);
    } else {
        uint64_t *volatile obj = make_finalized_obj(12345);
        CHECK(cstack_switch(&main_cs) == 0);
        check_obj(obj, 12345, 64);
        t->checked = true;
    }
    for (size_t i = 0; i < sizeof filler; i++) CHECK(filler[i] == (unsigned char)i);
}

static void gc_entry(void *arg) {
    gc_hold(arg, 20);
    cstack_exit(&main_cs);
}

static void test_gc(void) {
    finalized = 0;
    gc_task = GC_MALLOC(sizeof(GcTask));
    cstack_init(&gc_task->cs, gc_entry, gc_task);
    CHECK(cstack_switch(&gc_task->cs) == 0);
    CHECK(gc_task->cs.saved > 20 * 256); // fully saved: main's stop is above it
    scrub(100);
    churn(10);
    CHECK(finalized == 0);
    CHECK(cstack_switch(&gc_task->cs) == 0);
    CHECK(gc_task->checked);
    CHECK(gc_task->cs.state == CSTACK_DEAD);
    gc_task = NULL;
}
#endif

/* ---- 5. the FP control state belongs to each stack ---- */

static volatile double fp_one = 1.0, fp_three = 3.0;

// 1/3 rounded in the current mode (an SSE/FP-unit division: the MXCSR or
// FPCR rounding mode; fegetround reads the x87 control word on x86-64).
__attribute__((noinline)) static double third(void) {
    return fp_one / fp_three;
}

static double third_nearest, third_up;

static void fp_entry(void *arg) {
    (void)arg;
    CHECK(fesetround(FE_UPWARD) == 0);
    third_up = third();
    CHECK(third_up != third_nearest);
    CHECK(cstack_switch(&main_cs) == 0);
    CHECK(fegetround() == FE_UPWARD);
    CHECK(third() == third_up);
    CHECK(fesetround(FE_TONEAREST) == 0);
    cstack_exit(&main_cs);
}

static void test_fpenv(void) {
    CStack *cs = T_ALLOC(sizeof(CStack));
    cstack_init(cs, fp_entry, NULL);
    CHECK(fegetround() == FE_TONEAREST);
    third_nearest = third();
    CHECK(cstack_switch(cs) == 0);
    CHECK(fegetround() == FE_TONEAREST);
    CHECK(third() == third_nearest);
    CHECK(cstack_switch(cs) == 0);
    CHECK(fegetround() == FE_TONEAREST);
    CHECK(cs->state == CSTACK_DEAD);
}

/* ---- 6. laziness: a parent deep in its stack switching to its child ---- */

typedef struct NestTask {
    CStack cs;
    struct NestTask *child;
    int depth, rounds, turns;
    bool is_parent;
} NestTask;

static void nest_entry(void *arg);

static void nest_body(void *arg, Rec *bottom) {
    NestTask *t = arg;
    if (t->is_parent) {
        // Deep in the parent: start the child here, then ping-pong.
        NestTask *c = t->child;
        for (int i = 0; i < t->rounds; i++) {
            CHECK(cstack_switch(&c->cs) == 0);
            CHECK(c->turns == i + 1);
            rec_verify(bottom);
        }
    } else {
        NestTask *parent = t->child; // the child's `child` is its parent
        for (int i = 0; i < t->rounds; i++) {
            t->turns++;
            CHECK(cstack_switch(&parent->cs) == 0);
            rec_verify(bottom);
        }
    }
}

static void nest_entry(void *arg) {
    NestTask *t = arg;
    at_depth(t->depth, (uint64_t)t->is_parent + 5, NULL, nest_body, t);
    cstack_exit(&main_cs);
}

// Returns the bytes saved while the parent (at depth 300) and a child
// started there ping-pong 50 times.
static uint64_t test_nest(bool eager) {
    cstack_set_eager(eager);
    NestTask *p = T_ALLOC(sizeof(NestTask)), *c = T_ALLOC(sizeof(NestTask));
    *p = (NestTask){.child = c, .depth = 300, .rounds = 50, .is_parent = true};
    *c = (NestTask){.child = p, .depth = 5, .rounds = 50};
    cstack_init(&p->cs, nest_entry, p);
    cstack_init(&c->cs, nest_entry, c);
    cstack_reset_stats();
    CHECK(cstack_switch(&p->cs) == 0); // the parent exits after its rounds
    // The child is left suspended after its last turn: finish it.
    CHECK(c->cs.state == CSTACK_SUSPENDED);
    uint64_t saved = cstack_stats()->bytes_saved;
    c->rounds = 0;
    CHECK(cstack_switch(&c->cs) == 0);
    CHECK(c->cs.state == CSTACK_DEAD && p->cs.state == CSTACK_DEAD);
    cstack_set_eager(false);
    return saved;
}

/* ---- 7. where new stacks start: no creeping down the C stack ---- */

static uintptr_t start_lo, start_hi; // range of the entries' frame addresses

__attribute__((noinline)) static void note_start(void) {
    volatile char here = 0;
    uintptr_t a = (uintptr_t)&here;
    if (!start_lo || a < start_lo) start_lo = a;
    if (a > start_hi) start_hi = a;
}

// Run to completion, one after another: each exits into the next (new) one.
enum { SERIAL = 100000 };
static CStack *serial;
static long serial_done;

static void serial_entry(void *arg) {
    long i = (long)(intptr_t)arg;
    note_start();
    volatile uint64_t locals[8] = {(uint64_t)i}; // some depth to leave behind
    CHECK(locals[0] == (uint64_t)i);
    serial_done++;
    if (i + 1 < SERIAL) {
        cstack_init(&serial[(i + 1) % 2], serial_entry, (void *)(intptr_t)(i + 1));
        cstack_exit(&serial[(i + 1) % 2]);
    }
    cstack_exit(&main_cs);
}

static void test_serial(void) {
    serial = T_ALLOC(2 * sizeof(CStack));
    start_lo = start_hi = 0;
    serial_done = 0;
    cstack_init(&serial[0], serial_entry, (void *)(intptr_t)0);
    CHECK(cstack_switch(&serial[0]) == 0);
    CHECK(serial_done == SERIAL);
    // Each one starts at the top of the last one's slice (the first one,
    // started below main's frame, sits a few frames lower than the rest).
    CHECK(start_hi - start_lo < 1024);
#ifdef CSTACK_NO_GC
    free(serial);
#endif
    serial = NULL;
}

// A cascade: each task, 10 frames deep, starts the next one.
enum { CASCADE = 2000 };

typedef struct CascadeTask {
    CStack cs;
    int id;
    bool resumed;
} CascadeTask;

static CascadeTask **cascade;

static void cascade_body(void *arg, Rec *bottom) {
    CascadeTask *t = arg;
    CStack *next = t->id + 1 < CASCADE ? &cascade[t->id + 1]->cs : &main_cs;
    CHECK(cstack_switch(next) == 0);
    t->resumed = true;
    rec_verify(bottom);
}

static void cascade_entry(void *arg) {
    CascadeTask *t = arg;
    note_start();
    at_depth(10, (uint64_t)t->id, NULL, cascade_body, t);
    cstack_exit(&main_cs);
}

// Returns the distance between the highest and lowest start.
static uintptr_t test_cascade(void) {
    cascade = T_ALLOC(sizeof(CascadeTask *) * CASCADE);
    for (int i = 0; i < CASCADE; i++) {
        cascade[i] = T_ALLOC(sizeof(CascadeTask));
        cascade[i]->id = i;
        cstack_init(&cascade[i]->cs, cascade_entry, cascade[i]);
    }
    start_lo = start_hi = 0;
    CHECK(cstack_switch(&cascade[0]->cs) == 0);
    uintptr_t spread = start_hi - start_lo;
    for (int i = 0; i < CASCADE; i++) {
        CHECK(cstack_switch(&cascade[i]->cs) == 0);
        CHECK(cascade[i]->resumed && cascade[i]->cs.state == CSTACK_DEAD);
    }
#ifdef CSTACK_NO_GC
    for (int i = 0; i < CASCADE; i++) free(cascade[i]);
    free(cascade);
#endif
    cascade = NULL;
    return spread;
}

/* ---- main ---- */

typedef struct ModeResult {
    uint64_t switches, bytes_saved, bytes_restored;
    uintptr_t cascade_spread;
} ModeResult;

static ModeResult run_all(bool eager, bool reuse, bool base) {
    volatile char here = 0;
    cstack_set_eager(eager);
    cstack_set_reuse(reuse);
    cstack_set_start_base(base ? (void *)&here : NULL);
    cstack_reset_stats();
    test_pingpong();
    for (uint64_t seed = 1; seed <= 6; seed++) test_walk(seed * 0x1234567, 30000);
    test_many();
#ifndef CSTACK_NO_GC
    test_gc();
#endif
    test_fpenv();
    test_serial();
    uintptr_t spread = test_cascade();
    const CStackStats *s = cstack_stats();
    ModeResult r = {s->switches, s->bytes_saved, s->bytes_restored, spread};
    cstack_set_eager(false);
    cstack_set_reuse(true);
    cstack_set_start_base(NULL);
    return r;
}

int main(void) {
#ifndef CSTACK_NO_GC
    GC_INIT();
#endif
    cstack_init_main(&main_cs);
    CHECK(cstack_current() == &main_cs);
    CHECK(main_cs.state == CSTACK_RUNNING);
    CHECK(cstack_switch(&main_cs) == 0); // to itself: nothing happens

    enum { NMODES = 5 };
    static const struct {
        const char *name;
        bool eager, reuse, base;
    } modes[NMODES] = {{"lazy", false, true, false},
                       {"eager", true, true, false},
                       {"lazy, no reuse", false, false, false},
                       {"lazy, base", false, true, true},
                       {"eager, base", true, true, true}};
    ModeResult res[NMODES];
    for (int i = 0; i < NMODES; i++) {
        res[i] = run_all(modes[i].eager, modes[i].reuse, modes[i].base);
        printf("%-15s %8llu switches, %11llu bytes saved, %11llu restored, cascade spread %lu\n",
               modes[i].name, (unsigned long long)res[i].switches,
               (unsigned long long)res[i].bytes_saved, (unsigned long long)res[i].bytes_restored,
               (unsigned long)res[i].cascade_spread);
        CHECK(res[i].switches == res[0].switches);
    }
    CHECK(res[0].bytes_saved <= res[1].bytes_saved);
    CHECK(res[3].bytes_saved <= res[4].bytes_saved);
    // Without a base, each cascaded start lies deeper than the last; with
    // one, they all start at the same place.
    CHECK(res[0].cascade_spread > (uintptr_t)(CASCADE - 1) * 10 * sizeof(Rec));
    CHECK(res[3].cascade_spread < 64);

    uint64_t lazy = test_nest(false), eager = test_nest(true);
    printf("nested ping-pong (parent at depth 300): lazy saved %llu bytes, eager %llu\n",
           (unsigned long long)lazy, (unsigned long long)eager);
    CHECK(lazy * 10 < eager);
    CHECK(cstack_current() == &main_cs);
    printf("test_cstack: all checks passed (walkers: %ld switches, %ld starts, %ld exits)\n",
           walk_switches, walk_starts, walk_exits);
    return 0;
}
