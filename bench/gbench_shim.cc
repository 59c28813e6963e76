// gbench_shim.cc — the C API of gbench.h over Google Benchmark: C callbacks
// registered as benchmarks, with counters and options, and the library's
// flag parsing, running and reporting.
#include "gbench.h"

#include <benchmark/benchmark.h>

#include <string>
#include <utility>
#include <vector>

namespace {

struct Counter {
    std::string name;
    double value;
    benchmark::Counter::Flags flags;
};

benchmark::Counter::Flags counter_flags(GbCounterKind kind) {
    switch (kind) {
    case GB_COUNTER_RATE: return benchmark::Counter::kIsRate;
    case GB_COUNTER_PER_ITER: return benchmark::Counter::kAvgIterations;
    case GB_COUNTER_ITER_RATE: return benchmark::Counter::kIsIterationInvariantRate;
    case GB_COUNTER_PLAIN: break;
    }
    return benchmark::Counter::kDefaults;
}

} // namespace

// A registered benchmark: Google Benchmark's object plus the counters to
// set on each of its runs.
struct GbBench {
    benchmark::internal::Benchmark *bench = nullptr;
    std::vector<Counter> counters;
};

struct GbState {
    benchmark::State *state;
};

namespace {

void apply_counters(benchmark::State &state, const GbBench *b) {
    for (const Counter &c : b->counters)
        state.counters[c.name] = benchmark::Counter(c.value, c.flags);
}

// Every GbBench lives until exit: benchmarks are registered once per process.
std::vector<GbBench *> &all_benches() {
    static std::vector<GbBench *> v;
    return v;
}

} // namespace

extern "C" {

void gb_initialize(int *argc, char **argv) {
    benchmark::Initialize(argc, argv);
}

GbBench *gb_register(const char *name, GbIterFn fn, void *arg) {
    GbBench *b = new GbBench;
    all_benches().push_back(b);
    b->bench = benchmark::RegisterBenchmark(name, [fn, arg, b](benchmark::State &state) {
        for (auto _ : state) {
            const char *err = fn(arg);
            if (err) {
                state.SkipWithError(err);
                break;
            }
        }
        apply_counters(state, b);
    });
    return b;
}

GbBench *gb_register_loop(const char *name, GbRunFn fn, void *arg) {
    GbBench *b = new GbBench;
    all_benches().push_back(b);
    b->bench = benchmark::RegisterBenchmark(name, [fn, arg, b](benchmark::State &state) {
        GbState st{&state};
        fn(&st, arg);
        apply_counters(state, b);
    });
    return b;
}

void gb_counter(GbBench *b, const char *name, double value, GbCounterKind kind) {
    for (Counter &c : b->counters)
        if (c.name == name) {
            c.value = value;
            c.flags = counter_flags(kind);
            return;
        }
    b->counters.push_back(Counter{name, value, counter_flags(kind)});
}

void gb_unit(GbBench *b, GbUnit unit) {
    static const benchmark::TimeUnit units[] = {benchmark::kNanosecond, benchmark::kMicrosecond,
                                                benchmark::kMillisecond, benchmark::kSecond};
    b->bench->Unit(units[unit]);
}

void gb_min_time(GbBench *b, double seconds) {
    b->bench->MinTime(seconds);
}

void gb_process_cpu_time(GbBench *b) {
    b->bench->MeasureProcessCPUTime();
}

void gb_use_real_time(GbBench *b) {
    b->bench->UseRealTime();
}

bool gb_keep_running(GbState *st) {
    return st->state->KeepRunning();
}

void gb_pause(GbState *st) {
    st->state->PauseTiming();
}

void gb_resume(GbState *st) {
    st->state->ResumeTiming();
}

int64_t gb_iterations(GbState *st) {
    return static_cast<int64_t>(st->state->iterations());
}

void gb_state_counter(GbState *st, const char *name, double value, GbCounterKind kind) {
    st->state->counters[name] = benchmark::Counter(value, counter_flags(kind));
}

void gb_skip_with_error(GbState *st, const char *msg) {
    st->state->SkipWithError(msg);
}

void gb_add_context(const char *key, const char *value) {
    benchmark::AddCustomContext(key, value);
}

size_t gb_run(void) {
    return benchmark::RunSpecifiedBenchmarks();
}

void gb_shutdown(void) {
    benchmark::Shutdown();
}

} // extern "C"
