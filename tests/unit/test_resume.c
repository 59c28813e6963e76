// test_resume.c — resume_check (common/resume.h), the invariants a tasklet
// must satisfy to be continued from its heap records alone: the chains the
// running driver leaves behind (resume/scenarios.py blocks one tasklet in
// each shape of docs/RESUME.md, preempts one, leaves one unstarted) pass,
// and each broken invariant is refused with a ValueError naming it.
#include "containers.h"
#include "err.h"
#include "frame.h"
#include "helper.h"
#include "module.h"
#include "ops.h"
#include "resume.h"
#include "str.h"
#include "tasklet.h"
#include "vm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;

#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            failures++;                                                                            \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                                   \
            fprintf(stderr, __VA_ARGS__);                                                          \
            fputc('\n', stderr);                                                                   \
        }                                                                                          \
    } while (0)

static Dict *tasklets;

static Tasklet *tasklet(const char *name) {
    Value t = dict_get_str(tasklets, str_intern_cstr(name));
    if (!t) {
        fprintf(stderr, "scenarios.py left no tasklet %s\n", name);
        exit(1);
    }
    return (Tasklet *)t;
}

static bool is_frame(Value r) {
    return val_is(r, &FrameType);
}

static Value back(Value r) {
    return is_frame(r) ? ((Frame *)r)->back : ((Helper *)r)->back;
}

static void set_back(Value r, Value b) {
    if (is_frame(r))
        ((Frame *)r)->back = b;
    else
        ((Helper *)r)->back = b;
}

static Value bottom(Tasklet *t) {
    Value r = t->top;
    while (back(r)) r = back(r);
    return r;
}

// The first frame of [t]'s chain (from the top) below a generator frame.
static Frame *frame_below_gen(Tasklet *t) {
    for (Value r = t->top; back(r); r = back(r))
        if (is_frame(r) && ((Frame *)r)->gen && is_frame(back(r))) return (Frame *)back(r);
    return NULL;
}

// The first record of [t]'s chain that is a generator frame.
static Frame *gen_frame(Tasklet *t) {
    for (Value r = t->top; r; r = back(r))
        if (is_frame(r) && ((Frame *)r)->gen) return (Frame *)r;
    return NULL;
}

// The first helper of [t]'s chain with request [kind].
static Helper *helper_requesting(Tasklet *t, int kind) {
    for (Value r = t->top; r; r = back(r))
        if (!is_frame(r) && ((Helper *)r)->req_kind == kind) return (Helper *)r;
    return NULL;
}

static void expect_ok(Tasklet *t, const char *what) {
    bool ok = resume_check(t);
    Str *msg = err_occurred() ? obj_str(err_fetch()) : NULL;
    CHECK(ok && !msg, "%s: refused: %s", what, msg ? msg->data : "(no error)");
}

// resume_check must refuse [t] with a ValueError containing [want].
static void expect_refused(Tasklet *t, const char *want, const char *what) {
    bool ok = resume_check(t);
    Value e = err_occurred() ? err_fetch() : VAL_NULL;
    Str *msg = e ? obj_str(e) : NULL;
    CHECK(!ok && e && val_is(e, &ValueErrorType), "%s: not refused with ValueError", what);
    CHECK(msg && strstr(msg->data, want), "%s: message lacks '%s': %s", what, want,
          msg ? msg->data : "(none)");
}

static void test_live_chains(void) {
    static const char *const names[] = {"sorted_key", "yield_from_throw", "for_loop", "init",
                                        "send",       "preempted",        "unstarted"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        expect_ok(tasklet(names[i]), names[i]);
    CHECK(tasklet("preempted")->resume == RESUME_CONTINUE, "preempted: resume kind");
    CHECK(is_frame(tasklet("preempted")->top), "preempted: top is not a frame");
    CHECK(!tasklet("unstarted")->started, "unstarted: started");
    // A main tasklet's chain must start with the program's module code.
    Tasklet *t = tasklet("sorted_key");
    t->is_main = true;
    expect_refused(t, "module code", "main tasklet without module code");
    t->is_main = false;
}

static void test_broken_chains(void) {
    Tasklet *t = tasklet("sorted_key");
    Value bot = bottom(t);

    // A cycle.
    set_back(bot, t->top);
    expect_refused(t, "cycle", "cycle");
    set_back(bot, VAL_NULL);

    // Something else than a record in the chain.
    set_back(bot, val_from_small(7));
    expect_refused(t, "holds a 'int' object", "foreign object");
    set_back(bot, VAL_NULL);

    // The bottom is not the start record.
    Helper *start = (Helper *)bot;
    const HelperDef *def = start->def;
    start->def = helper_lookup("builtins.sorted");
    expect_refused(t, "instead of the tasklet's start record", "bottom");
    start->def = def;
    start->fields[0] = (Value)tasklet("init");
    expect_refused(t, "instead of the tasklet's start record", "bottom of another tasklet");
    start->fields[0] = (Value)t;

    // The top helper is not in a switch, or the tasklet claims preemption.
    Helper *top = (Helper *)t->top;
    CHECK(!is_frame(t->top) && top->req_kind == HS_SWITCH, "sorted_key: top is not a switch");
    top->req_kind = HS_CALL;
    expect_refused(t, "not suspended in a tasklet switch", "top request");
    top->req_kind = HS_SWITCH;
    t->resume = RESUME_CONTINUE;
    expect_refused(t, "not suspended in a tasklet switch", "resume kind");
    t->resume = RESUME_DELIVER;
    top->label = 99;
    expect_refused(t, "label out of range", "label");
    top->label = 1;

    // A frame not at a call, out of range, with a bad stack depth.
    Tasklet *tf = tasklet("for_loop");
    Frame *f = frame_below_gen(tf);
    CHECK(f != NULL, "for_loop: no frame below a generator frame");
    if (f) {
        int32_t ip = f->ip, sp = f->sp;
        f->ip = f->code->ninstrs;
        expect_refused(tf, "instruction index out of range", "ip");
        f->ip = -1;
        expect_refused(tf, "instruction index out of range", "negative ip");
        for (int32_t i = 0; i < f->code->ninstrs; i++) {
            if (!(op_info[INSTR_OP(f->code->instrs[i])].flags & OPF_RESUMABLE)) {
                f->ip = i;
                expect_refused(tf, "is not suspended at a call", "non-resumable ip");
                break;
            }
        }
        f->ip = ip;
        f->sp = f->code->stacksize + 1;
        expect_refused(tf, "stack depth out of range", "sp");
        f->sp = sp;
        // Below a generator frame: FOR_ITER / SEND with that generator on top.
        Value *stack = frame_stack(f);
        Value it = stack[f->sp - 1];
        stack[f->sp - 1] = VAL_NONE;
        expect_refused(tf, "does not resume the generator above it", "iterator on top");
        stack[f->sp - 1] = it;
    }
    expect_ok(tf, "for_loop restored");

    // A generator frame whose generator is not running it.
    Frame *gf = gen_frame(t);
    CHECK(gf != NULL, "sorted_key: no generator frame");
    if (gf) {
        Generator *g = (Generator *)gf->gen;
        g->state = GEN_SUSPENDED;
        expect_refused(t, "not running it", "generator state");
        g->state = GEN_RUNNING;
    }

    // A next() request that the record above does not compute.
    Helper *hn = helper_requesting(t, HS_NEXT);
    CHECK(hn != NULL, "sorted_key: no HS_NEXT helper");
    if (hn) {
        hn->req_kind = HS_CALL;
        expect_refused(t, "requests a call but a generator frame is above it", "call below gen");
        hn->req_kind = HS_THROW;
        expect_refused(t, "does not resume the generator above it", "throw without args");
        hn->req_kind = HS_RETURN;
        expect_refused(t, "has no pending request", "no request");
        hn->req_kind = HS_NEXT;
    }
    expect_ok(t, "sorted_key restored");

    // A send into another generator than the one above.
    Tasklet *ts = tasklet("send");
    Helper *hs = helper_requesting(ts, HS_SEND);
    CHECK(hs != NULL, "send: no HS_SEND helper");
    if (hs) {
        Value g = hs->req_fn;
        hs->req_fn = gen_frame(tasklet("for_loop"))->gen;
        expect_refused(ts, "does not resume the generator above it", "send target");
        hs->req_fn = g;
    }
    expect_ok(ts, "send restored");

    // A preempted tasklet must have a frame on top; state and start flags.
    Tasklet *tp = tasklet("preempted");
    tp->resume = RESUME_DELIVER;
    expect_refused(tp, "was not preempted", "preempted kind");
    tp->resume = RESUME_CONTINUE;
    tp->started = false;
    expect_refused(tp, "has not started", "started flag");
    tp->started = true;
    tp->state = TS_DEAD;
    expect_refused(tp, "not alive", "dead");
    tp->state = TS_ALIVE;
    expect_ok(tp, "preempted restored");
}

int main(int argc, char **argv) {
    vm_init(0, NULL);
    char path[4096];
    const char *src = __FILE__;
    const char *slash = strrchr(src, '/');
    snprintf(path, sizeof path, "%.*s/resume/scenarios.py", slash ? (int)(slash - src) : 1,
             slash ? src : ".");
    int rc = vm_run_main(path);
    if (rc != 0) {
        fprintf(stderr, "running %s failed (%d)\n", path, rc);
        return 1;
    }
    Dict *globals = ((Module *)vm.main_module)->dict;
    tasklets = (Dict *)dict_get_str(globals, str_intern_cstr("TASKLETS"));
    if (!tasklets) {
        fprintf(stderr, "scenarios.py defines no TASKLETS\n");
        return 1;
    }
    test_live_chains();
    test_broken_chains();
    if (failures) {
        fprintf(stderr, "%d failures\n", failures);
        return 1;
    }
    printf("ok\n");
    return 0;
}
