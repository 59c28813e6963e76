// mod_time.c — the builtin `time` module: clocks and sleep.
//
// perf_counter/monotonic use CLOCK_MONOTONIC, time uses CLOCK_REALTIME and
// process_time CLOCK_PROCESS_CPUTIME_ID, as CPython does on Linux. Each clock
// also has the *_ns variant returning an int of nanoseconds.
#include "err.h"
#include "module.h"
#include "num.h"
#include "ops.h"
#include "type.h"

#include <errno.h>
#include <math.h>
#include <time.h>

static bool check_noargs(const char *name, int nargs, Tuple *kw) {
    if (kw && kw->len) {
        err_format(&TypeErrorType, "time.%s() takes no keyword arguments", name);
        return false;
    }
    if (nargs != 0) {
        err_format(&TypeErrorType, "time.%s() takes no arguments (%d given)", name, nargs);
        return false;
    }
    return true;
}

static int64_t clock_ns(clockid_t id) {
    struct timespec ts;
    clock_gettime(id, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static double clock_seconds(clockid_t id) {
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

#define CLOCK_FUNCS(pyname, clk)                                                                   \
    static Value time_##pyname(Value *args, int nargs, Tuple *kw) {                                \
        if (!check_noargs(#pyname, nargs, kw)) return VAL_NULL;                                    \
        return float_new(clock_seconds(clk));                                                      \
    }                                                                                              \
    static Value time_##pyname##_ns(Value *args, int nargs, Tuple *kw) {                           \
        if (!check_noargs(#pyname "_ns", nargs, kw)) return VAL_NULL;                              \
        return int_from_i64(clock_ns(clk));                                                        \
    }

CLOCK_FUNCS(time, CLOCK_REALTIME)
CLOCK_FUNCS(perf_counter, CLOCK_MONOTONIC)
CLOCK_FUNCS(monotonic, CLOCK_MONOTONIC)
CLOCK_FUNCS(process_time, CLOCK_PROCESS_CPUTIME_ID)
CLOCK_FUNCS(thread_time, CLOCK_THREAD_CPUTIME_ID)

static Value time_sleep(Value *args, int nargs, Tuple *kw) {
    if (kw && kw->len) return err_format(&TypeErrorType, "time.sleep() takes no keyword arguments");
    if (nargs != 1)
        return err_format(&TypeErrorType, "time.sleep() takes exactly one argument (%d given)",
                          nargs);
    Value v = args[0];
    double secs;
    if (val_is(v, &FloatType)) {
        secs = float_value(v);
        if (isnan(secs)) return err_format(&ValueErrorType, "Invalid value NaN (not a number)");
        if (secs >= 9.2233720368547758e18 || secs <= -9.2233720368547758e18)
            return err_format(&OverflowErrorType, "timestamp out of range for platform time_t");
    } else {
        // CPython accepts ints (or __index__ objects) besides floats.
        int64_t i;
        if (!obj_to_int64(v, &i)) return VAL_NULL;
        secs = (double)i;
    }
    if (secs < 0) return err_format(&ValueErrorType, "sleep length must be non-negative");
    struct timespec ts;
    ts.tv_sec = (time_t)secs;
    ts.tv_nsec = (long)((secs - (double)ts.tv_sec) * 1e9);
    if (ts.tv_nsec >= 1000000000) ts.tv_nsec = 999999999;
    // Resume after signals until the full duration has elapsed.
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
    return VAL_NONE;
}

static const MethodDef time_funcs[] = {
    {"monotonic", time_monotonic, 0, NULL},
    {"monotonic_ns", time_monotonic_ns, 0, NULL},
    {"perf_counter", time_perf_counter, 0, NULL},
    {"perf_counter_ns", time_perf_counter_ns, 0, NULL},
    {"process_time", time_process_time, 0, NULL},
    {"process_time_ns", time_process_time_ns, 0, NULL},
    {"sleep", time_sleep, 0, NULL},
    {"thread_time", time_thread_time, 0, NULL},
    {"thread_time_ns", time_thread_time_ns, 0, NULL},
    {"time", time_time, 0, NULL},
    {"time_ns", time_time_ns, 0, NULL},
    {NULL, NULL, 0, NULL},
};

void mod_time_init(void) {
    module_add_builtin("time", time_funcs);
}
