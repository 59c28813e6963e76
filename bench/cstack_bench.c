// cstack_bench.c — microbenchmark of the stack-copy strategy's C stack
// switch (strategies/stack-copy/cstack.c): ns per switch round trip with
// the switched-to stack at call depth 0/10/100/1000, bytes copied per round
// trip, lazy vs eager saving (and without buffer reuse), against memcpy of
// the same byte counts. Build (from the repo root):
//   gcc -std=gnu11 -O2 -Istrategies/stack-copy bench/cstack_bench.c
//       strategies/stack-copy/cstack.c strategies/stack-copy/switch_x86_64.S -lgc -o cstack_bench
// Run: ./cstack_bench [ms per measurement, default 100] [repetitions, default 5]
#include "cstack.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifdef CSTACK_NO_GC
#define B_ALLOC(n) calloc(1, (n))
#else
#include <gc.h>
#define B_ALLOC(n) GC_MALLOC(n)
#endif

static CStack main_cs;
static double budget_ns = 100e6;

static double now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

// A frame of a typical size (an interpreter frame spills a few words).
__attribute__((noinline)) static void sink(volatile uint64_t *p) {
    p[0]++;
}

typedef struct Result {
    double ns;    // per round trip
    double bytes; // copied (saved + restored) per round trip
} Result;

typedef struct Task {
    CStack cs;
    int depth;          // frames below the entry before switching
    CStack *peer;       // where each turn switches to
    CStack *exit_to;    // where the task exits
    struct Task *child; // started at the bottom (nested scenario)
    volatile bool stop;
} Task;

static Result nested_result;

// Time round trips to `to` (which switches straight back) for budget_ns.
static Result time_round_trips(CStack *to) {
    long n = 0, batch = 1000;
    cstack_reset_stats();
    double t0 = now_ns(), t1;
    do {
        for (long i = 0; i < batch; i++) cstack_switch(to);
        n += batch;
        t1 = now_ns();
    } while (t1 - t0 < budget_ns);
    const CStackStats *s = cstack_stats();
    return (Result){(t1 - t0) / (double)n,
                    (double)(s->bytes_saved + s->bytes_restored) / (double)n};
}

static void bottom(Task *t) {
    if (t->child) {
        cstack_switch(&t->child->cs); // start the child here, deep down
        nested_result = time_round_trips(&t->child->cs);
        t->child->stop = true;
        cstack_switch(&t->child->cs); // it exits back here
    } else {
        while (!t->stop) cstack_switch(t->peer);
    }
}

__attribute__((noinline)) static void descend(Task *t, int depth) {
    volatile uint64_t locals[6] = {(uint64_t)depth};
    if (depth < t->depth) {
        descend(t, depth + 1);
    } else {
        bottom(t);
    }
    sink(locals);
}

static void task_entry(void *arg) {
    Task *t = arg;
    descend(t, 0);
    cstack_exit(t->exit_to);
}

static Task *task_new(int depth, CStack *peer, CStack *exit_to) {
    Task *t = B_ALLOC(sizeof(Task));
    t->depth = depth;
    t->peer = peer;
    t->exit_to = exit_to;
    cstack_init(&t->cs, task_entry, t);
    return t;
}

// Round trips main -> task -> main, the task at `depth`.
static Result bench_main_task(int depth) {
    Task *t = task_new(depth, &main_cs, &main_cs);
    cstack_switch(&t->cs); // start it: it descends and comes back
    Result r = time_round_trips(&t->cs);
    t->stop = true;
    cstack_switch(&t->cs);
    return r;
}

// Round trips parent -> child -> parent: the parent at `depth` starts the
// child (itself shallow) at its bottom. Lazily, the parent saves only what
// lies below the child's start; eagerly, its whole slice every time.
static Result bench_nested(int depth) {
    Task *parent = task_new(depth, NULL, &main_cs);
    parent->child = task_new(0, &parent->cs, &parent->cs);
    cstack_switch(&parent->cs);
    return nested_result;
}

static Result bench_memcpy(size_t bytes) {
    // Two copies per round trip (out and back), each of half the bytes.
    size_t half = (bytes / 2 + 15) & ~(size_t)15;
    if (half == 0) return (Result){0, 0};
    char *a = malloc(half), *b = malloc(half);
    memset(a, 1, half);
    memset(b, 2, half);
    long n = 0, batch = 1000;
    double t0 = now_ns(), t1;
    do {
        for (long i = 0; i < batch; i++) {
            memcpy(b, a, half);
            __asm__ volatile("" ::: "memory");
            memcpy(a, b, half);
            __asm__ volatile("" ::: "memory");
        }
        n += batch;
        t1 = now_ns();
    } while (t1 - t0 < budget_ns);
    free(a);
    free(b);
    return (Result){(t1 - t0) / (double)n, (double)(2 * half)};
}

typedef struct Mode {
    const char *name;
    bool eager, reuse;
} Mode;

static const Mode modes[] = {
    {"lazy", false, true}, {"eager", true, true}, {"lazy, no reuse", false, false}};
enum { NMODES = 3, NDEPTHS = 4, NSCEN = 2, MAXREP = 15 };
static const int depths[NDEPTHS] = {0, 10, 100, 1000};

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n) {
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int main(int argc, char **argv) {
#ifndef CSTACK_NO_GC
    GC_INIT();
#endif
    int reps = 5;
    if (argc > 1) budget_ns = atof(argv[1]) * 1e6;
    if (argc > 2) reps = atoi(argv[2]);
    if (reps < 1 || reps > MAXREP) reps = 5;
    cstack_init_main(&main_cs);
    static double ns[NMODES][NSCEN][NDEPTHS][MAXREP], mc[NMODES][NSCEN][NDEPTHS][MAXREP];
    static double bytes[NMODES][NSCEN][NDEPTHS];
    // Interleave the repetitions so that drift spreads over every cell.
    for (int rep = -1; rep < reps; rep++) { // rep -1 warms up
        for (int m = 0; m < NMODES; m++) {
            cstack_set_eager(modes[m].eager);
            cstack_set_reuse(modes[m].reuse);
            for (int sc = 0; sc < NSCEN; sc++) {
                for (int d = 0; d < NDEPTHS; d++) {
                    Result r = sc == 0 ? bench_main_task(depths[d]) : bench_nested(depths[d]);
                    Result c = bench_memcpy((size_t)r.bytes);
                    if (rep < 0) continue;
                    ns[m][sc][d][rep] = r.ns;
                    mc[m][sc][d][rep] = c.ns;
                    bytes[m][sc][d] = r.bytes;
                }
            }
        }
    }
    printf("median of %d runs of %.0f ms; a round trip is two switches\n", reps, budget_ns / 1e6);
    printf("%-16s %-15s %6s %12s %10s %12s %8s\n", "scenario", "mode", "depth", "ns/roundtrip",
           "bytes/rt", "memcpy ns", "ratio");
    for (int sc = 0; sc < NSCEN; sc++) {
        for (int m = 0; m < NMODES; m++) {
            for (int d = 0; d < NDEPTHS; d++) {
                double t = median(ns[m][sc][d], reps), c = median(mc[m][sc][d], reps);
                printf("%-16s %-15s %6d %12.1f %10.0f %12.1f %8.2f\n",
                       sc == 0 ? "main<->task" : "parent<->child", modes[m].name, depths[d], t,
                       bytes[m][sc][d], c, c > 0 ? t / c : 0.0);
            }
        }
    }
    return 0;
}
