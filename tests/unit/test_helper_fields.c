// test_helper_fields.c — the typed fields of helper records (helper.h): every
// registered helper's descriptor is parsed; the records the runtime builds
// (helper_fields/scenarios.py leaves one tasklet blocked inside each helper)
// pass helper_check_fields; wrong-typed fields, labels out of range and
// broken invariants are refused with ValueError; and sort records, as built
// or mutated, run to their end with arbitrary comparison results (under
// ASan this shows that a record that passes the check stays in bounds).
#include "containers.h"
#include "err.h"
#include "frame.h"
#include "helper.h"
#include "module.h"
#include "num.h"
#include "ops.h"
#include "str.h"
#include "tasklet.h"
#include "vm.h"

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

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

static Dict *main_dict;

static Value global(const char *name) {
    Value v = dict_get_str(main_dict, str_intern_cstr(name));
    if (!v) {
        fprintf(stderr, "scenarios.py defines no %s\n", name);
        exit(1);
    }
    return v;
}

static Value sample(const char *name) {
    Value v = dict_get_str((Dict *)global("SAMPLES"), str_intern_cstr(name));
    if (!v) {
        fprintf(stderr, "no sample %s\n", name);
        exit(1);
    }
    return v;
}

static const HelperDef *def_named(const char *name) {
    const HelperDef *def = helper_lookup(name);
    if (!def) {
        fprintf(stderr, "helper %s is not registered\n", name);
        exit(1);
    }
    return def;
}

static int field_index(const HelperDef *def, const char *name) {
    for (int i = 0; i < def->nfields; i++)
        if (strcmp(def->fields[i], name) == 0) return i;
    fprintf(stderr, "helper %s has no field %s\n", def->name, name);
    exit(1);
}

static int label_index(const HelperDef *def, const char *name) {
    for (int i = 0; i < def->nlabels; i++)
        if (strcmp(def->labels[i], name) == 0) return i;
    fprintf(stderr, "helper %s has no label %s\n", def->name, name);
    exit(1);
}

// The pending exception's type and message (cleared); NULL type if none.
static Type *take_error(char *msg, size_t cap) {
    msg[0] = 0;
    if (!err_occurred()) return NULL;
    Value e = err_fetch();
    Type *t = val_type(e);
    Str *s = obj_str(e);
    if (s)
        snprintf(msg, cap, "%s", s->data);
    else
        err_clear();
    return t;
}

// helper_check_fields must accept [h].
static void expect_ok(Helper *h, const char *what) {
    char msg[512];
    bool ok = helper_check_fields(h);
    Type *t = take_error(msg, sizeof msg);
    CHECK(ok && !t, "%s: %s refused at label %s: %s", what, h->def->name, h->def->labels[h->label],
          msg);
}

// helper_check_fields must refuse [h] with a ValueError naming [field]
// (NULL: any message).
static void expect_refused(Helper *h, const char *field, const char *what) {
    char msg[512], want[128];
    bool ok = helper_check_fields(h);
    Type *t = take_error(msg, sizeof msg);
    CHECK(!ok && t == &ValueErrorType, "%s: %s not refused with ValueError (ok=%d, %s: %s)", what,
          h->def->name, ok, t ? t->name : "no error", msg);
    if (field) {
        snprintf(want, sizeof want, "field '%s'", field);
        CHECK(strstr(msg, want) != NULL, "%s: message does not name %s: %s", what, want, msg);
    }
    CHECK(strstr(msg, h->def->name) != NULL, "%s: message does not name the helper: %s", what, msg);
}

// A record of helper [name] at [label] with every field None.
static Helper *mk(const char *name, int label) {
    Helper *h = helper_new(def_named(name));
    h->label = label;
    return h;
}

static void setf(Helper *h, const char *field, Value v) {
    h->fields[field_index(h->def, field)] = v;
}

static Value tup(int n, ...) {
    va_list ap;
    va_start(ap, n);
    Tuple *t = tuple_new(n);
    for (int i = 0; i < n; i++) t->items[i] = va_arg(ap, Value);
    va_end(ap);
    return (Value)t;
}

static Value record_back(Value r) {
    return val_is(r, &FrameType) ? ((Frame *)r)->back : ((Helper *)r)->back;
}

// ---- 1. the registry -------------------------------------------------------------------------

static void test_registry(void) {
    int n = helper_count();
    CHECK(n >= 51, "only %d helpers registered", n);
    for (int i = 0; i < n; i++) {
        const HelperDef *def = helper_nth(i);
        CHECK(def->nfields >= 0 && def->fields && def->ftypes, "%s: descriptor not parsed",
              def->name);
        CHECK(helper_lookup(def->name) == def, "%s: lookup by name", def->name);
        CHECK(def->nlabels >= 1, "%s: no labels", def->name);
        CHECK((int)strlen(def->ftypes) == def->nfields, "%s: %d type letters for %d fields",
              def->name, (int)strlen(def->ftypes), def->nfields);
        for (int f = 0; f < def->nfields; f++) {
            CHECK(helper_type_name(def->ftypes[f]) != NULL, "%s: bad letter", def->name);
            CHECK(def->fields[f] && def->fields[f][0], "%s: field %d has no name", def->name, f);
        }
        // Helpers started by a builtin call get (args, kwargs) first.
        if (def->nfields >= 1 && strcmp(def->fields[0], "args") == 0)
            CHECK(def->nfields >= 2 && def->ftypes[0] == 't' && def->ftypes[1] == 'W' &&
                      strcmp(def->fields[1], "kwargs") == 0,
                  "%s: args and kwargs must be \"args:t kwargs:W\"", def->name);
    }
    CHECK(helper_nth(n) == NULL && helper_nth(-1) == NULL, "helper_nth out of range");
    CHECK(helper_type_name('?') == NULL && helper_type_name('x') == NULL, "unknown letters");
}

// Descriptors: spaces are free, anything else malformed aborts at start-up.
static HelperStatus no_step(Helper *h, Value in, Value *out) {
    return HS_RAISE;
}

static void test_descriptors(void) {
    static const char *const labels[] = {"entry"};
    static HelperDef ok = {.name = "test.ok",
                           .step = no_step,
                           .nfields = -1,
                           .labels = labels,
                           .nlabels = 1,
                           .descriptor = "  a:v   b_2:I _c:W  "};
    helper_register(&ok);
    CHECK(ok.nfields == 3 && strcmp(ok.ftypes, "vIW") == 0 && strcmp(ok.fields[1], "b_2") == 0 &&
              strcmp(ok.fields[2], "_c") == 0,
          "descriptor with extra spaces: %d fields, types %s", ok.nfields, ok.ftypes);
    helper_register(&ok); // again: nothing happens
    static const char *const bad[] = {"a",       "a:", "a:z",   "1a:v", "a:v:b",  "a:vv",
                                      "a:v a:i", ":v", "a-b:v", "a :v", "a:v,b:i"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        fflush(NULL);
        pid_t pid = fork();
        if (pid == 0) {
            freopen("/dev/null", "w", stderr);
            HelperDef def = {.name = "test.bad",
                             .step = no_step,
                             .nfields = -1,
                             .labels = labels,
                             .nlabels = 1,
                             .descriptor = bad[i]};
            helper_register(&def);
            _exit(0);
        }
        int status = 0;
        waitpid(pid, &status, 0);
        CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT,
              "descriptor \"%s\" was not refused at registration", bad[i]);
    }
}

// ---- 2. records built by the runtime ---------------------------------------------------------

static uint32_t seen[512]; // per registry index: a bit per label reached

static void test_runtime_records(void) {
    List *ts = (List *)global("TASKLETS");
    int nrec = 0;
    for (int64_t i = 0; i < ts->len; i++) {
        Tasklet *t = (Tasklet *)ts->items[i];
        for (Value r = t->top; r; r = record_back(r)) {
            if (!val_is(r, &HelperType)) continue;
            Helper *h = (Helper *)r;
            nrec++;
            expect_ok(h, "runtime record");
            for (int k = 0; k < helper_count(); k++)
                if (helper_nth(k) == h->def && h->label < 32) seen[k] |= 1u << h->label;
        }
    }
    printf("runtime records checked: %d (from %lld tasklets); labels past the entry not reached:",
           nrec, (long long)ts->len);
    for (int k = 0; k < helper_count(); k++) {
        const HelperDef *def = helper_nth(k);
        for (int l = 1; l < def->nlabels && l < 32; l++)
            if (!(seen[k] & (1u << l))) printf(" %s@%s", def->name, def->labels[l]);
    }
    printf("\n");
    // Every helper must be reached but stackless.run (only the main
    // tasklet calls it, and its chain is not saved while it runs).
    for (int k = 0; k < helper_count(); k++) {
        const HelperDef *def = helper_nth(k);
        if (strcmp(def->name, "stackless.run") == 0 || strncmp(def->name, "test.", 5) == 0)
            continue;
        CHECK(seen[k] != 0, "no scenario leaves a tasklet inside %s", def->name);
    }
}

// ---- 3. wrong-typed fields ---------------------------------------------------------------------

// A value of type letter [c] for a field of [def].
static Value good_value(const HelperDef *def, char c) {
    if (c >= 'A' && c <= 'Z' && c != 'V') return VAL_NONE;
    switch (c) {
    case 'v': return VAL_NONE;
    case 'V': return VAL_NULL;
    case 'i': return val_from_small(0);
    case 'b': return VAL_TRUE;
    case 't': return (Value)tuple_new(0);
    case 'l': return (Value)list_new(0);
    case 'd': return (Value)dict_new();
    case 'w': {
        Dict *d = dict_new();
        dict_set(d, (Value)str_from_cstr("k"), VAL_NONE);
        return (Value)d;
    }
    case 's': return (Value)str_from_cstr("s");
    case 'f': return float_new(1.5);
    case 'g': return sample("generator");
    case 'k': return sample("tasklet");
    case 'c': return sample("channel");
    case 'y': return (Value)&IntType;
    case 'm': return sample("module");
    case 'n': {
        Dict *s = (Dict *)global("SAMPLES");
        int64_t pos = 0;
        Value k, v;
        while (dict_next(s, &pos, &k, &v))
            if (val_type(v)->next_helper == def) return v;
        fprintf(stderr, "no sample iterator for %s\n", def->name);
        exit(1);
    }
    }
    fprintf(stderr, "no good value for letter %c\n", c);
    exit(1);
}

// Values that letter [c] must refuse; returns how many.
static int wrong_values(char c, Value *out) {
    int n = 0;
    if (c == 'V') return 0;
    out[n++] = VAL_NULL;
    if (c == 'v') return n;
    if (c >= 'a' && c <= 'z') out[n++] = VAL_NONE;
    char lc = (char)(c | 0x20);
    out[n++] = lc == 'i' ? (Value)str_from_cstr("5") : val_from_small(5);
    switch (lc) {
    case 'b': out[n++] = val_from_small(1); break;
    case 't': out[n++] = (Value)list_new(0); break;
    case 'l': out[n++] = (Value)tuple_new(0); break;
    case 'd': out[n++] = (Value)list_new(0); break;
    case 'w': {
        Dict *d = dict_new();
        dict_set(d, val_from_small(1), VAL_NONE);
        out[n++] = (Value)d;
        break;
    }
    case 'f': out[n++] = int_from_i64(INT64_MAX); break;
    case 'g': out[n++] = sample("enumerate"); break;
    case 'k': out[n++] = sample("channel"); break;
    case 'c': out[n++] = sample("tasklet"); break;
    case 'y': out[n++] = sample("module"); break;
    case 'm': out[n++] = (Value)&IntType; break;
    case 'n': out[n++] = sample("module"); break;
    }
    return n;
}

static void test_wrong_types(void) {
    int nrefused = 0;
    for (int k = 0; k < helper_count(); k++) {
        const HelperDef *def = helper_nth(k);
        for (int f = 0; f < def->nfields; f++) {
            Value wrong[8];
            int nw = wrong_values(def->ftypes[f], wrong);
            for (int w = 0; w < nw; w++) {
                for (int label = 0; label < def->nlabels; label += def->nlabels - 1) {
                    Helper *h = helper_new(def);
                    h->label = label;
                    for (int g = 0; g < f; g++) h->fields[g] = good_value(def, def->ftypes[g]);
                    h->fields[f] = wrong[w];
                    expect_refused(h, def->fields[f], "wrong type");
                    nrefused++;
                    if (def->nlabels == 1) break;
                }
            }
        }
        // Labels out of range.
        Helper *h = helper_new(def);
        h->label = def->nlabels;
        expect_refused(h, NULL, "label past the end");
        h->label = -1;
        expect_refused(h, NULL, "negative label");
    }
    printf("wrong-typed records refused: %d\n", nrefused);
}

// ---- 4. invariants of validate callbacks --------------------------------------------------------

static void test_validators(void) {
    Value five = val_from_small(5), one = val_from_small(1);
    Value ch = sample("channel"), tl = sample("tasklet"), gen = sample("generator");

    // Methods: args[0] is self.
    static const char *const methods[][2] = {
        {"generator.send", "generator"},   {"generator.__next__", "generator"},
        {"generator.throw", "generator"},  {"generator.close", "generator"},
        {"tasklet.run", "tasklet"},        {"tasklet.switch", "tasklet"},
        {"tasklet.throw", "tasklet"},      {"tasklet.raise_exception", "tasklet"},
        {"tasklet.kill", "tasklet"},       {"channel.send", "channel"},
        {"channel.receive", "channel"},    {"channel.send_exception", "channel"},
        {"channel.send_throw", "channel"}, {"channel.send_sequence", "channel"},
        {"channel.__next__", "channel"},   {"_io.TextIOWrapper.writelines", "file"},
    };
    for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++) {
        Helper *h = mk(methods[i][0], 0);
        setf(h, "args", tup(1, sample(methods[i][1])));
        expect_ok(h, "method with its self");
        setf(h, "args", tup(1, five));
        expect_refused(h, "args", "method with a wrong self");
        setf(h, "args", tup(0));
        expect_refused(h, "args", "method without self");
    }
    Helper *h = mk("tasklet.run", 1);
    setf(h, "args", tup(1, ch));
    expect_refused(h, "args", "tasklet method on a channel");
    h = mk("channel.send", 1);
    setf(h, "args", tup(2, tl, one));
    expect_refused(h, "args", "channel method on a tasklet");
    h = mk("list.sort", 0);
    setf(h, "args", tup(1, (Value)list_new(0)));
    expect_ok(h, "list.sort of a list");
    setf(h, "args", tup(1, (Value)tuple_new(0)));
    expect_refused(h, "args", "list.sort of a tuple");
    h = mk("list.sort", label_index(def_named("list.sort"), "next"));
    setf(h, "args", tup(1, (Value)list_new(0)));
    expect_refused(h, NULL, "list.sort collecting");

    // Operators index tables.
    h = mk("vm.binop", 0);
    setf(h, "a", one);
    setf(h, "b", one);
    setf(h, "op", val_from_small(0));
    expect_ok(h, "binop +");
    setf(h, "op", val_from_small(32 + 12));
    expect_ok(h, "binop @=");
    setf(h, "op", val_from_small(13));
    expect_refused(h, "op", "binop 13");
    setf(h, "op", val_from_small(-1));
    expect_refused(h, "op", "binop -1");
    setf(h, "op", val_from_small(1000));
    expect_refused(h, "op", "binop 1000");
    h = mk("vm.compare", 2);
    setf(h, "a", one);
    setf(h, "b", one);
    setf(h, "op", val_from_small(5));
    expect_ok(h, "compare >=");
    setf(h, "op", val_from_small(6));
    expect_refused(h, "op", "compare 6");
    setf(h, "op", val_from_small(-1));
    expect_refused(h, "op", "compare -1");

    // vm.extend targets a list or a set; vm.unpack counts; vm.collect's type.
    h = mk("vm.extend", 2);
    setf(h, "target", (Value)list_new(0));
    expect_ok(h, "extend a list");
    setf(h, "target", (Value)tuple_new(0));
    expect_refused(h, "target", "extend a tuple");
    h = mk("vm.unpack", 2);
    setf(h, "before", val_from_small(2));
    setf(h, "after", val_from_small(-1));
    setf(h, "items", (Value)list_new(0));
    expect_ok(h, "unpack");
    setf(h, "before", val_from_small(-1));
    expect_refused(h, "before", "unpack -1");
    setf(h, "before", val_from_small(2));
    setf(h, "after", val_from_small(-2));
    expect_refused(h, "after", "unpack after -2");
    setf(h, "after", val_from_small(0));
    setf(h, "items", VAL_NONE);
    expect_refused(h, "items", "unpack without items");
    h = mk("vm.collect", 2);
    setf(h, "args", tup(2, (Value)&TupleType, (Value)list_new(0)));
    setf(h, "items", (Value)list_new(0));
    expect_ok(h, "collect into a tuple");
    setf(h, "args", tup(2, (Value)&IntType, (Value)list_new(0)));
    expect_refused(h, "args", "collect into an int");
    setf(h, "args", tup(1, (Value)&ListType));
    expect_refused(h, "args", "collect without an iterable");
    h = mk("vm.class_call", 0);
    setf(h, "cls", sample("class"));
    setf(h, "args", tup(0));
    expect_ok(h, "class_call of a class");
    setf(h, "cls", (Value)&GeneratorType);
    expect_refused(h, "cls", "class_call of a builtin type");
    h->label = 2;
    setf(h, "obj", VAL_NONE);
    expect_ok(h, "class_call after __init__");
    h = mk("str.__call__", 1);
    setf(h, "args", tup(0));
    expect_refused(h, "args", "str() without its argument");

    // Tasklets before they start are bound.
    h = mk("stackless.tasklet_start", 0);
    setf(h, "tasklet", tl); // SAMPLES["tasklet"] is unbound
    expect_refused(h, "tasklet", "start of an unbound tasklet");
    h->label = 2;
    expect_ok(h, "dead start record");

    // Indices and counts after the entry.
    h = mk("builtins.print", 1);
    setf(h, "args", tup(2, one, one));
    setf(h, "index", val_from_small(1));
    setf(h, "parts", (Value)list_from(&(Value){(Value)str_from_cstr("1")}, 1));
    expect_ok(h, "print");
    setf(h, "index", val_from_small(2));
    expect_refused(h, "index", "print index past the arguments");
    setf(h, "index", val_from_small(-1));
    expect_refused(h, "index", "print negative index");
    setf(h, "index", VAL_NONE);
    expect_refused(h, "index", "print without index");
    setf(h, "index", val_from_small(0));
    setf(h, "parts", (Value)list_from(&one, 1));
    expect_refused(h, "parts", "print parts not str");
    h = mk("channel.send_sequence", 3);
    setf(h, "args", tup(2, ch, (Value)list_new(0)));
    expect_refused(h, "count", "send_sequence without count");
    setf(h, "count", val_from_small(3));
    expect_ok(h, "send_sequence");
    h = mk("builtins.min", 3);
    setf(h, "args", tup(1, (Value)list_new(0)));
    setf(h, "best", VAL_NULL);
    setf(h, "best_key", VAL_NULL);
    setf(h, "item", VAL_NULL);
    expect_refused(h, "item", "min without the item being keyed");
    setf(h, "item", one);
    expect_ok(h, "min first key");
    setf(h, "best", one);
    expect_refused(h, "best_key", "min best without key");
    static const char *const zipmap[][3] = {{"zip.__next__", "zip", "items"},
                                            {"map.__next__", "map", "args"}};
    for (int i = 0; i < 2; i++) {
        h = mk(zipmap[i][0], 0);
        setf(h, zipmap[i][1], sample(zipmap[i][1]));
        expect_ok(h, "zip/map entry");
        h->label = 1; // SAMPLES' zip() / map(len, []) have 0 / 1 iterators
        setf(h, "index", val_from_small(5));
        setf(h, zipmap[i][2], tup(0));
        expect_refused(h, "index", "zip/map index past the iterators");
    }
    Value zip2 = sample("zip2"), map2 = sample("map2");
    h = mk("zip.__next__", 1);
    setf(h, "zip", zip2);
    setf(h, "index", val_from_small(1));
    setf(h, "items", tup(2, one, VAL_NONE));
    expect_ok(h, "zip index 1");
    setf(h, "items", tup(1, one));
    expect_refused(h, "items", "zip tuple of the wrong size");
    h = mk("map.__next__", 1);
    setf(h, "map", map2);
    setf(h, "index", val_from_small(1));
    setf(h, "args", tup(2, one, VAL_NONE));
    expect_ok(h, "map index 1");
    setf(h, "index", val_from_small(-1));
    expect_refused(h, "index", "map negative index");
    h = mk("math.fsum", 2);
    setf(h, "args", tup(1, (Value)list_new(0)));
    setf(h, "partials", (Value)list_from(&(Value){float_new(1.0)}, 1));
    setf(h, "special_sum", float_new(0.0));
    setf(h, "inf_sum", float_new(0.0));
    expect_ok(h, "fsum");
    setf(h, "partials", (Value)list_from(&one, 1));
    expect_refused(h, "partials", "fsum partial not a float");
    setf(h, "partials", (Value)list_new(0));
    setf(h, "inf_sum", VAL_NONE);
    expect_refused(h, "inf_sum", "fsum without inf_sum");
    (void)gen;
}

// ---- 5. sort records: run to the end with arbitrary comparisons ------------------------------

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static uint64_t rnd(void) {
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static bool is_sort(const HelperDef *def) {
    return strcmp(def->name, "list.sort") == 0 || strcmp(def->name, "builtins.sorted") == 0;
}

// A copy of [l] whose items live in an exact-size malloc'd array: under
// ASan any access past its length is caught (accesses inside GC memory are
// not). Its objects stay reachable from the original lists.
static Value *exact_arrays[16]; // to free when the clone is done (release_clone)
static int nexact;

static List *exact_copy(List *l) {
    List *c = list_new(0);
    c->items = malloc(sizeof(Value) * (size_t)(l->len ? l->len : 1));
    if (nexact == 16) abort();
    exact_arrays[nexact++] = c->items;
    memcpy(c->items, l->items, sizeof(Value) * (size_t)l->len);
    c->len = c->cap = l->len;
    return c;
}

// Free the exact arrays of the last clone (its lists must not be used again).
static void release_clone(void) {
    while (nexact) free(exact_arrays[--nexact]);
}

// A copy of sort record [h] that shares no list with it (a fresh target
// list; the item, key and temp arrays are exact_copy'd).
static Helper *clone_sort(Helper *h) {
    release_clone();
    bool exact = h->label == label_index(h->def, "compare"); // nothing grows but pending
    Helper *c = helper_new(h->def);
    c->label = h->label;
    c->req_kind = h->req_kind;
    c->req_fn = h->req_fn;
    c->req_args = h->req_args;
    c->req_kwargs = h->req_kwargs;
    memcpy(c->fields, h->fields, sizeof(Value) * (size_t)h->def->nfields);
    static const char *const lists[] = {"vals", "keys", "bufk", "bufv", "pending"};
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
        int f = field_index(h->def, lists[i]);
        if (val_is(c->fields[f], &ListType)) {
            List *l = (List *)c->fields[f];
            // Lists that grow (list_append) stay in GC memory.
            bool grows = !exact || strcmp(lists[i], "pending") == 0;
            c->fields[f] = (Value)(grows ? list_from(l->items, l->len) : exact_copy(l));
        }
    }
    c->fields[field_index(h->def, "list")] = (Value)list_new(0);
    return c;
}

// Step sort record [h] to its end, answering every comparison at random
// and every key request with a random int. Returns the final status.
static uint32_t driven_states, driven_phases; // suspensions drive() went through

static HelperStatus drive(Helper *h, long max_steps) {
    int key = label_index(h->def, "key");
    int fstate = field_index(h->def, "state"), fph = field_index(h->def, "g_ph");
    Value in = h->label == key ? val_from_small((int64_t)(rnd() % 100)) : val_bool(rnd() & 1);
    for (long i = 0; i < max_steps; i++) {
        Value out = VAL_NULL;
        HelperStatus st = h->def->step(h, in, &out);
        if (st != HS_CALL) return st;
        if (h->label != key) {
            uint32_t state = 1u << (val_small(h->fields[fstate]) & 31);
            driven_states |= state;
            if (state & 0x1861800) // a gallop state: M_MA_G1/G2, M_ML_G1/G2, M_MH_G1/G2
                driven_phases |= 1u << (val_small(h->fields[fph]) & 31);
        }
        in = h->label == key ? val_from_small((int64_t)(rnd() % 100)) : val_bool(rnd() & 1);
    }
    CHECK(0, "%s did not finish in %ld steps", h->def->name, max_steps);
    return HS_RAISE;
}

static int cmp_ptr(const void *a, const void *b) {
    uintptr_t x = *(const uintptr_t *)a, y = *(const uintptr_t *)b;
    return x < y ? -1 : x > y;
}

// True if [l] holds the same objects as the list in SORTS whose items have
// the type of l's first item.
static bool same_items(List *l) {
    if (l->len == 0) return false;
    List *sorts = (List *)global("SORTS");
    for (int64_t i = 0; i < sorts->len; i++) {
        List *orig = (List *)sorts->items[i];
        if (orig->len == 0 || val_type(orig->items[0]) != val_type(l->items[0])) continue;
        if (orig->len != l->len) return false;
        Value *a = gc_alloc(sizeof(Value) * (size_t)l->len);
        Value *b = gc_alloc(sizeof(Value) * (size_t)l->len);
        memcpy(a, orig->items, sizeof(Value) * (size_t)l->len);
        memcpy(b, l->items, sizeof(Value) * (size_t)l->len);
        qsort(a, (size_t)l->len, sizeof(Value), cmp_ptr);
        qsort(b, (size_t)l->len, sizeof(Value), cmp_ptr);
        return memcmp(a, b, sizeof(Value) * (size_t)l->len) == 0;
    }
    return false;
}

static void test_sorts(void) {
    List *ts = (List *)global("TASKLETS");
    int nsorts = 0, nkey = 0, naccepted = 0, nrefused = 0, nperm = 0;
    uint32_t states = 0, phases = 0; // machine states and gallop phases reached
    for (int64_t i = 0; i < ts->len; i++) {
        Tasklet *t = (Tasklet *)ts->items[i];
        for (Value r = t->top; r; r = record_back(r)) {
            if (!val_is(r, &HelperType) || !is_sort(((Helper *)r)->def)) continue;
            Helper *h = (Helper *)r;
            const HelperDef *def = h->def;
            int lkey = label_index(def, "key"), lcmp = label_index(def, "compare");
            if (h->label != lkey && h->label != lcmp) continue;
            nsorts += h->label == lcmp;
            if (h->label == lcmp) {
                int64_t state = val_small(h->fields[field_index(def, "state")]);
                int64_t ph = val_small(h->fields[field_index(def, "g_ph")]);
                if (state >= 0 && state < 32) states |= 1u << state;
                if (ph >= 0 && ph < 32) phases |= 1u << ph;
            }
            nkey += h->label == lkey;
            // As built: any comparison results sort a permutation of the items.
            for (int seed = 0; seed < 3; seed++) {
                Helper *c = clone_sort(h);
                expect_ok(c, "sort clone");
                HelperStatus st = drive(c, 1000000);
                char msg[512];
                Type *et = take_error(msg, sizeof msg);
                CHECK(st == HS_RETURN && !et, "%s from %s: ended with %s: %s", def->name,
                      def->labels[h->label], et ? et->name : "?", msg);
                Value target = c->fields[field_index(def, "list")];
                bool ok = same_items((List *)target);
                CHECK(ok || h->label == lkey, "%s from %s: not a permutation of the items",
                      def->name, def->labels[h->label]);
            }
            if (h->label != lcmp) continue;
            // A shared list shrunk behind the record's back: SystemError, no crash.
            {
                Helper *c = clone_sort(h);
                ((List *)c->fields[field_index(def, "vals")])->len = 1;
                HelperStatus st = drive(c, 10);
                char msg[512];
                Type *et = take_error(msg, sizeof msg);
                CHECK(st == HS_RAISE && et == &SystemErrorType,
                      "%s: a shrunk item list is not a SystemError (%s)", def->name, msg);
            }
            // Mutated state words: refused, or run to the end in bounds.
            if (nsorts % 4) continue;
            int first = field_index(def, "cmpstate");
            static const int64_t deltas[] = {-1, 1, 2, -1000, 1000};
            for (int f = first; f < def->nfields; f++) {
                if (!val_is_small(h->fields[f])) continue;
                for (size_t d = 0; d < sizeof deltas / sizeof deltas[0]; d++) {
                    Helper *c = clone_sort(h);
                    c->fields[f] = val_from_small(val_small(c->fields[f]) + deltas[d]);
                    bool ok = helper_check_fields(c);
                    char msg[512];
                    take_error(msg, sizeof msg);
                    if (!ok) {
                        nrefused++;
                        continue;
                    }
                    naccepted++;
                    HelperStatus st = drive(c, 1000000);
                    Type *et = take_error(msg, sizeof msg);
                    CHECK(et != &SystemErrorType, "%s: field %s%+lld accepted, then %s", def->name,
                          def->fields[f], (long long)deltas[d], msg);
                    if (st == HS_RETURN && same_items((List *)c->fields[field_index(def, "list")]))
                        nperm++;
                }
            }
            // Mutated pending runs.
            List *p = (List *)h->fields[field_index(def, "pending")];
            for (int64_t j = 0; j < p->len; j++) {
                Helper *c = clone_sort(h);
                List *cp = (List *)c->fields[field_index(def, "pending")];
                cp->items[j] = val_from_small(val_small(cp->items[j]) + (j % 3 == 2 ? 0 : 1));
                if (j % 3 == 2) continue; // powers are free
                bool ok = helper_check_fields(c);
                char msg[512];
                take_error(msg, sizeof msg);
                CHECK(!ok, "%s: pending[%lld] + 1 accepted", def->name, (long long)j);
            }
        }
    }
    release_clone();
    printf("sort records: %d at compare (states %#x, gallop phases %#x), %d at key; mutations "
           "refused %d, accepted %d (%d still sorted a permutation)\n",
           nsorts, (unsigned)states, (unsigned)phases, nkey, nrefused, naccepted, nperm);
    CHECK(nsorts >= 100, "only %d sort records suspended at a comparison", nsorts);
    // Every state that compares (listsort.c: M_RUN_START, M_RUN_ASC,
    // M_RUN_DESC, M_BINSORT, M_MA_G1, M_MA_G2, M_ML_SIMPLE, M_ML_G1, M_ML_G2,
    // M_MH_SIMPLE, M_MH_G1, M_MH_G2) and every gallop phase was resumed with
    // the state check passing.
    printf("driven through states %#x, gallop phases %#x\n", (unsigned)driven_states,
           (unsigned)driven_phases);
    CHECK(driven_states == 0x1a69817, "states driven through: %#x", (unsigned)driven_states);
    CHECK(driven_phases == 0x3f, "gallop phases driven through: %#x", (unsigned)driven_phases);
}

int main(int argc, char **argv) {
    vm_init(0, NULL);
    char path[4096];
    const char *src = __FILE__;
    const char *slash = strrchr(src, '/');
    snprintf(path, sizeof path, "%.*s/helper_fields/scenarios.py", slash ? (int)(slash - src) : 1,
             slash ? src : ".");
    int rc = vm_run_main(path);
    if (rc != 0) {
        fprintf(stderr, "running %s failed (%d)\n", path, rc);
        return 1;
    }
    main_dict = ((Module *)vm.main_module)->dict;
    test_registry();
    test_descriptors();
    test_runtime_records();
    test_wrong_types();
    test_validators();
    test_sorts();
    if (failures) {
        fprintf(stderr, "%d failures\n", failures);
        return 1;
    }
    printf("ok\n");
    return 0;
}
