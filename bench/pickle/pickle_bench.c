// pickle_bench.c — the pickling benchmark of one strategy (issue 4,
// "Performance"), linked against that strategy's libraries: starts the VM,
// builds a tasklet suspended at each call depth (plain recursion, a few
// locals per frame), and times fmt_dumps, fmt_loads and both in turn with
// Google Benchmark (gbench.h), reporting the pickle's size, its object count
// and its size without code objects (format/stats.c) as counters.
//
//   pickle_bench-<strategy> [--depths=1,10,100,1000] [--stats] [--no-bind]
//                           [--min-time=S] [--loop=OP:DEPTH:N] [--benchmark_* flags]
// --stats prints the sizes and per-kind record counts as JSON and exits;
// --loop runs OP (dumps, loads, dumps+loads) N times at DEPTH without Google
// Benchmark, for instruction counts under callgrind (run_pickle.py --callgrind).
#include "compiler.h"
#include "containers.h"
#include "err.h"
#include "format.h"
#include "gbench.h"
#include "module.h"
#include "num.h"
#include "ops.h"
#include "parser.h"
#include "str.h"
#include "tasklet.h"
#include "vm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

// The tasklet: `rec` recursing to depth DEPTH, each frame holding three
// ints and two strs (one shared by every frame), then parked out of the run
// queue by schedule_remove() in the deepest frame (the recursion limit
// raised above the depth: str() counts a level, as in CPython). bench/pickle/cpython_pickle.py
// builds the same values for its plain-object graph: keep them in step.
static const char snippet[] = "import stackless\n"
                              "import sys\n"
                              "\n"
                              "sys.setrecursionlimit(max(sys.getrecursionlimit(), DEPTH + 100))\n"
                              "def rec(n, name, acc):\n"
                              "    x = n * 3 + 1\n"
                              "    s = name + str(n)\n"
                              "    if n > 1:\n"
                              "        return rec(n - 1, name, acc + x) + 1\n"
                              "    stackless.schedule_remove()\n"
                              "    return x\n"
                              "\n"
                              "t = stackless.tasklet(rec)(DEPTH, 'f', 0)\n"
                              "t.run()\n"
                              "assert t.alive and not t.scheduled, 'tasklet not parked'\n";

// Resuming a loaded copy to its end: proves that what loads builds runs.
static const char resume_snippet[] = "import stackless\n"
                                     "t2.insert()\n"
                                     "stackless.run()\n"
                                     "assert not t2.alive, 'loaded tasklet did not finish'\n";

#define MAX_DEPTHS 32

typedef struct {
    int64_t depth;
    Module *module;
    Value tasklet; // the parked tasklet (not in the module's globals)
    Bytes *data;   // its pickle
    FmtStats stats;
    int64_t copy_bytes; // size of the pickle of a loaded copy
} Case;

typedef struct {
    const char *name; // dumps, loads, dumps+loads
    GbIterFn fn;
} Op;

// Static: the collector scans these (gbench.h keeps only raw pointers).
static Case cases[MAX_DEPTHS];
static int ncases;
static FmtOptions load_opt = {.bind_modules = true};
static Value volatile sink;
static Value volatile pickle_keep;
static char errbuf[1024];

// The pending exception as "Type: message" in errbuf (cleared).
static const char *error_text(void) {
    Value exc = err_fetch();
    if (!exc) return "failed without an exception";
    Str *msg = obj_str(exc);
    if (!msg) err_clear();
    snprintf(errbuf, sizeof errbuf, "%s: %s", exc->type->name, msg ? msg->data : "?");
    return errbuf;
}

static void die(const char *what) {
    fprintf(stderr, "pickle_bench: %s: %s\n", what, error_text());
    exit(1);
}

// Compile and run [src] in module [m].
static bool exec_in(Module *m, const char *src) {
    Str *fname = (Str *)dict_get_str(m->dict, str_intern_cstr("__file__"));
    Node *mod = parse_module(src, (int64_t)strlen(src), fname);
    Code *code = mod ? compile_module(mod, fname, src) : NULL;
    return code && vm_exec_code(code, m->dict);
}

// A module loaded "from a file" (a str __file__: stored by value, bound by
// pickle.loads as CPython binds modules by reference), one per depth,
// names of equal length so that every depth's fixed part is the same size.
static Module *new_module(int64_t depth) {
    char name[64];
    snprintf(name, sizeof name, "pickle_bench_d%06lld", (long long)depth);
    Module *m = module_new(str_intern_cstr(name));
    char file[80];
    snprintf(file, sizeof file, "<%s>", name);
    dict_set_str(m->dict, str_intern_cstr("__file__"), (Value)str_from_cstr(file));
    dict_set_str(m->dict, str_intern_cstr("__builtins__"), (Value)vm.builtins);
    dict_set_str(vm.modules, m->name, (Value)m);
    return m;
}

static void build_case(Case *c) {
    c->module = new_module(c->depth);
    Dict *g = c->module->dict;
    dict_set_str(g, str_intern_cstr("DEPTH"), int_from_i64(c->depth));
    if (!exec_in(c->module, snippet)) die("building the tasklet");
    c->tasklet = dict_get_str(g, str_intern_cstr("t"));
    // Only the module's own names stay in its globals (stored with it).
    if (!c->tasklet || !exec_in(c->module, "del t, DEPTH, sys\n")) die("building the tasklet");
    Value data = fmt_dumps(c->tasklet);
    if (!data) die("fmt_dumps");
    c->data = (Bytes *)data;
    if (!fmt_stats(c->data->data, (size_t)c->data->len, &c->stats)) die("fmt_stats");

    // A loaded copy must decode and run to its end; the size of its own
    // pickle is recorded (copy_bytes).
    Value copy = fmt_loads(c->data->data, (size_t)c->data->len, &load_opt);
    if (!copy) die("fmt_loads");
    Value again = fmt_dumps(copy);
    if (!again) die("fmt_dumps of the loaded copy");
    c->copy_bytes = ((Bytes *)again)->len;
    dict_set_str(g, str_intern_cstr("t2"), copy);
    if (!exec_in(c->module, resume_snippet)) die("resuming the loaded copy");
    dict_del(g, (Value)str_intern_cstr("t2"));
    if (err_occurred()) die("cleaning up");
}

// ---- the timed functions ---------------------------------------------------------------

static const char *one_dumps(void *arg) {
    Case *c = arg;
    Value v = fmt_dumps(c->tasklet);
    if (!v) return error_text();
    sink = v;
    return NULL;
}

static const char *one_loads(void *arg) {
    Case *c = arg;
    Value v = fmt_loads(c->data->data, (size_t)c->data->len, &load_opt);
    if (!v) return error_text();
    sink = v;
    return NULL;
}

static const char *one_roundtrip(void *arg) {
    Case *c = arg;
    Value v = fmt_dumps(c->tasklet);
    if (!v) return error_text();
    // Keep the pickle visible to the collector while it is decoded: the
    // decoder holds only pointers into its data, in memory that is not
    // scanned (msgpack-c's zone), and the compiler may drop [v].
    pickle_keep = v;
    v = fmt_loads(((Bytes *)v)->data, (size_t)((Bytes *)v)->len, &load_opt);
    pickle_keep = VAL_NULL;
    if (!v) return error_text();
    sink = v;
    return NULL;
}

// ---- reporting -------------------------------------------------------------------------

static int kind_code(const char *name) {
    for (unsigned k = 0; k < FMT_STATS_KINDS; k++) {
        const char *n = fmt_kind_name(k);
        if (n && strcmp(n, name) == 0) return (int)k;
    }
    return -1;
}

static uint32_t count_of(const FmtStats *st, const char *kind) {
    int k = kind_code(kind);
    return k < 0 ? 0 : st->count[k];
}

static uint64_t bytes_of(const FmtStats *st, const char *kind) {
    int k = kind_code(kind);
    return k < 0 ? 0 : st->bytes[k];
}

static void print_stats_json(FILE *out) {
    fprintf(out, "{\"strategy\": \"%s\", \"bind_modules\": %s, \"depths\": [", vm_driver_name,
            load_opt.bind_modules ? "true" : "false");
    for (int i = 0; i < ncases; i++) {
        const FmtStats *st = &cases[i].stats;
        fprintf(out,
                "%s\n {\"depth\": %lld, \"bytes\": %zu, \"header_bytes\": %zu, \"objects\": %u, "
                "\"code_objects\": %u, \"code_bytes\": %llu, \"copy_bytes\": %lld, \"kinds\": {",
                i ? "," : "", (long long)cases[i].depth, st->total_bytes, st->header_bytes,
                st->objects, st->code_objects, (unsigned long long)st->code_bytes,
                (long long)cases[i].copy_bytes);
        bool first = true;
        for (unsigned k = 0; k < FMT_STATS_KINDS; k++) {
            if (!st->count[k]) continue;
            fprintf(out, "%s\"%s\": [%u, %llu]", first ? "" : ", ", fmt_kind_name(k), st->count[k],
                    (unsigned long long)st->bytes[k]);
            first = false;
        }
        fputs("}}", out);
    }
    fputs("\n]}\n", out);
}

static void add_counters(GbBench *b, const Case *c) {
    const FmtStats *st = &c->stats;
    gb_counter(b, "depth", (double)c->depth, GB_COUNTER_PLAIN);
    gb_counter(b, "bytes", (double)st->total_bytes, GB_COUNTER_PLAIN);
    gb_counter(b, "bytes_nocode", (double)(st->total_bytes - st->code_bytes), GB_COUNTER_PLAIN);
    gb_counter(b, "objects", st->objects, GB_COUNTER_PLAIN);
    gb_counter(b, "objects_nocode", st->objects - st->code_objects, GB_COUNTER_PLAIN);
    gb_counter(b, "frames", count_of(st, "frame"), GB_COUNTER_PLAIN);
    gb_counter(b, "frame_record_bytes", (double)bytes_of(st, "frame"), GB_COUNTER_PLAIN);
}

// ---- main ------------------------------------------------------------------------------

static void usage(void) {
    fprintf(stderr, "usage: pickle_bench [--depths=1,10,100,1000] [--stats] [--no-bind] "
                    "[--min-time=S]\n"
                    "                    [--benchmark_* flags of Google Benchmark, see --help]\n");
    exit(2);
}

static void parse_depths(const char *s) {
    ncases = 0;
    while (*s) {
        char *end;
        long long d = strtoll(s, &end, 10);
        if (end == s || d < 1 || d > 100000 || ncases == MAX_DEPTHS) usage();
        cases[ncases++].depth = d;
        s = *end == ',' ? end + 1 : end;
        if (*end && *end != ',') usage();
    }
    if (!ncases) usage();
}

// --loop=OP:DEPTH:N: N calls of OP on the tasklet at DEPTH (one of --depths).
static int run_loop(const char *spec, const Op *ops, size_t nops) {
    const char *colon = strchr(spec, ':');
    long long depth = 0, n = -1;
    if (!colon || sscanf(colon + 1, "%lld:%lld", &depth, &n) != 2 || n < 0) usage();
    for (size_t k = 0; k < nops; k++) {
        if (strlen(ops[k].name) != (size_t)(colon - spec) ||
            strncmp(ops[k].name, spec, (size_t)(colon - spec)) != 0)
            continue;
        for (int i = 0; i < ncases; i++) {
            if (cases[i].depth != depth) continue;
            for (long long j = 0; j < n; j++) {
                const char *err = ops[k].fn(&cases[i]);
                if (err) {
                    fprintf(stderr, "pickle_bench: %s\n", err);
                    return 1;
                }
            }
            return 0;
        }
    }
    usage();
    return 2;
}

int main(int argc, char **argv) {
    char here;
    struct rlimit rl;
    size_t stack = (size_t)8 << 20;
    if (getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
        stack = (size_t)rl.rlim_cur;
    if (stack > ((size_t)1 << 30)) stack = (size_t)1 << 30;
    vm.c_stack_limit = &here - stack + stack / 4;

    gb_initialize(&argc, argv); // takes the --benchmark_* flags out
    bool stats_only = false;
    double min_time = 0;
    const char *loop = NULL;
    parse_depths("1,10,100,1000");
    for (int i = 1; i < argc; i++) {
        if (strncmp(argv[i], "--depths=", 9) == 0)
            parse_depths(argv[i] + 9);
        else if (strcmp(argv[i], "--stats") == 0)
            stats_only = true;
        else if (strcmp(argv[i], "--no-bind") == 0)
            load_opt.bind_modules = false;
        else if (strncmp(argv[i], "--min-time=", 11) == 0)
            min_time = atof(argv[i] + 11);
        else if (strncmp(argv[i], "--loop=", 7) == 0)
            loop = argv[i] + 7;
        else
            usage();
    }

    vm_init(1, argv);
    for (int i = 0; i < ncases; i++) build_case(&cases[i]);
    if (stats_only) {
        print_stats_json(stdout);
        return 0;
    }
    static const Op ops[] = {
        {"dumps", one_dumps}, {"loads", one_loads}, {"dumps+loads", one_roundtrip}};
    size_t nops = sizeof ops / sizeof ops[0];
    if (loop) return run_loop(loop, ops, nops);

    gb_add_context("prickle_strategy", vm_driver_name);
    gb_add_context("prickle_bind_modules", load_opt.bind_modules ? "true" : "false");
    for (int i = 0; i < ncases; i++)
        for (size_t k = 0; k < nops; k++) {
            char name[96];
            snprintf(name, sizeof name, "%s/%s/%lld", vm_driver_name, ops[k].name,
                     (long long)cases[i].depth);
            GbBench *b = gb_register(name, ops[k].fn, &cases[i]);
            gb_unit(b, GB_US);
            gb_process_cpu_time(b);
            if (min_time > 0) gb_min_time(b, min_time);
            add_counters(b, &cases[i]);
        }
    gb_run();
    gb_shutdown();
    return 0;
}
