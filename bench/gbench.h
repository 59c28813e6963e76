// gbench.h — a small C API over Google Benchmark (Debian's libbenchmark-dev),
// implemented by gbench_shim.cc, so that prickle's C benchmark drivers get
// its iteration-count calibration, repetitions, statistics, counters and
// --benchmark_* flags (--benchmark_format=json, --benchmark_out=FILE,
// --benchmark_repetitions=N, --benchmark_filter=RE ...) without C++.
//
// Typical use:
//     gb_initialize(&argc, argv);        // takes the --benchmark_* flags out of argv
//     GbBench *b = gb_register("dumps/10", one_dumps, &ctx);
//     gb_counter(b, "bytes", 1234, GB_COUNTER_PLAIN);
//     gb_unit(b, GB_US);
//     gb_run();
//     gb_shutdown();
//
// Benchmarks run on the calling (main) thread, in registration order.
// The [arg] pointers are stored in C++ heap objects, which the Boehm
// collector does not scan: keep what they point to reachable elsewhere
// (e.g. in a static variable).
#ifndef PRICKLE_GBENCH_H
#define PRICKLE_GBENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct GbBench GbBench; // a registered benchmark (benchmark::internal::Benchmark)
typedef struct GbState GbState; // a benchmark being run (benchmark::State)

// One timed iteration: returns NULL on success, else an error message (a
// string that stays valid): the run stops and is reported as an error.
typedef const char *(*GbIterFn)(void *arg);

// A whole run that drives its own loop: `while (gb_keep_running(st)) {...}`.
typedef void (*GbRunFn)(GbState *st, void *arg);

typedef enum { GB_NS, GB_US, GB_MS, GB_S } GbUnit;

typedef enum {
    GB_COUNTER_PLAIN,     // the value as given (sizes, counts)
    GB_COUNTER_RATE,      // value per second of the run
    GB_COUNTER_PER_ITER,  // value divided by the number of iterations
    GB_COUNTER_ITER_RATE, // value * iterations per second (e.g. bytes/s)
} GbCounterKind;

// Take the --benchmark_* flags out of argv (Google Benchmark's own parser;
// --help prints them). Call before gb_run, once.
void gb_initialize(int *argc, char **argv);

// Register a benchmark named [name] that calls [fn]([arg]) once per
// iteration. The name is copied.
GbBench *gb_register(const char *name, GbIterFn fn, void *arg);

// Register a benchmark whose function runs the iteration loop itself.
GbBench *gb_register_loop(const char *name, GbRunFn fn, void *arg);

// A counter reported with every run of [b] (e.g. a pickle's size):
// constant per benchmark, set at registration.
void gb_counter(GbBench *b, const char *name, double value, GbCounterKind kind);

// The time unit of [b]'s report.
void gb_unit(GbBench *b, GbUnit unit);

// Minimum seconds per run of [b] (calibration target; overrides
// --benchmark_min_time for this benchmark).
void gb_min_time(GbBench *b, double seconds);

// Measure the CPU time of the whole process (every thread: e.g. the
// collector's marker threads) instead of the benchmark thread's.
void gb_process_cpu_time(GbBench *b);

// Calibrate and report by wall time instead of CPU time.
void gb_use_real_time(GbBench *b);

// ---- inside a GbRunFn

// True while the loop should go on (benchmark::State::KeepRunning).
bool gb_keep_running(GbState *st);

// Stop / restart the timer around untimed work inside the loop.
void gb_pause(GbState *st);
void gb_resume(GbState *st);

// Iterations run so far.
int64_t gb_iterations(GbState *st);

// Set a counter of this run.
void gb_state_counter(GbState *st, const char *name, double value, GbCounterKind kind);

// Report the run as failed with [msg] (copied); leave the loop after it.
void gb_skip_with_error(GbState *st, const char *msg);

// ---- running

// A key and value added to the report's context (JSON "context").
void gb_add_context(const char *key, const char *value);

// Run the registered benchmarks selected by --benchmark_filter, reporting
// as the flags say. Returns the number of benchmarks run.
size_t gb_run(void);

// Release Google Benchmark's state (after gb_run).
void gb_shutdown(void);

#ifdef __cplusplus
}
#endif

#endif
