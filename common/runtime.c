// runtime.c — start-up (types, builtins, modules, sys.path) and running a
// program file as __main__ with CPython's exit-code conventions.
#include "compiler.h"
#include "containers.h"
#include "err.h"
#include "fileobj.h"
#include "format.h"
#include "frame.h"
#include "func.h"
#include "module.h"
#include "num.h"
#include "ops.h"
#include "parser.h"
#include "sched_impl.h"
#include "sched_pickle.h"
#include "str.h"
#include "tasklet.h"
#include "type.h"
#include "vm.h"

#include <stdlib.h>
#include <string.h>

void exc_init(void);
void func_init(void);
void gen_init(void);
void vmops_init(void);
void builtins_init(void);
Code *module_compile_file(const char *path, Str *display_name);
char *module_read_file(const char *path, int64_t *len);

// collections.abc names are real classes for annotations and imports;
// isinstance() against them is refused rather than answered wrongly.
static void mod_collections_init(void) {
    Module *abc = module_add_builtin("collections.abc", NULL);
    static const char *const names[] = {
        "Iterable",  "Iterator",       "Generator",  "Callable",   "Sequence",  "MutableSequence",
        "Mapping",   "MutableMapping", "Set",        "MutableSet", "Hashable",  "Sized",
        "Container", "Collection",     "Reversible", "Awaitable",  "Coroutine", NULL};
    for (int i = 0; names[i]; i++) {
        Dict *ns = dict_new();
        dict_set_str(ns, str_intern_cstr("__module__"), (Value)str_intern_cstr("collections.abc"));
        Type *t = type_new_class(str_intern_cstr(names[i]), EMPTY_TUPLE, ns);
        t->flags |= TF_ABSTRACT;
        module_set(abc, names[i], (Value)t);
    }
    Module *coll = module_add_builtin("collections", NULL);
    module_set(coll, "abc", (Value)abc);
}

// ---- _prickle: introspection for prickle's own tests -------------------------------

static char *c_stack_base;

static Value p_c_stack_depth(Value *args, int nargs, Tuple *kw) {
    if (!args_check("c_stack_depth", nargs, kw, 0, 0)) return VAL_NULL;
    char here;
    return int_from_i64((int64_t)(c_stack_base - &here));
}

static Value p_driver(Value *args, int nargs, Tuple *kw) {
    if (!args_check("driver", nargs, kw, 0, 0)) return VAL_NULL;
    return (Value)str_from_cstr(vm_driver_name);
}

static Value p_nesting(Value *args, int nargs, Tuple *kw) {
    if (!args_check("nesting", nargs, kw, 0, 0)) return VAL_NULL;
    return int_from_i64(vm.nesting);
}

static Value p_gc_count(Value *args, int nargs, Tuple *kw) {
    if (!args_check("gc_count", nargs, kw, 0, 0)) return VAL_NULL;
    return int_from_i64((int64_t)GC_get_gc_no());
}

// call_nested(f, *args): call f from C code outside the helper protocol (a
// nested interpreter run, as C code that calls back into Python without a
// helper record does), so that tests can reach what happens to such a C
// activation: no switch inside it on the stackless strategy, a tasklet that
// is not restorable on the others.
static Value p_call_nested(Value *args, int nargs, Tuple *kw) {
    if (kw && kw->len)
        return err_format(&TypeErrorType, "call_nested() takes no keyword arguments");
    if (nargs < 1) return err_format(&TypeErrorType, "call_nested() needs a callable");
    return vm_call_nested(args[0], args + 1, nargs - 1, NULL);
}

static const MethodDef prickle_funcs[] = {
    {"call_nested", p_call_nested, 0, NULL},
    {"gc_count", p_gc_count, 0, NULL},
    {"c_stack_depth", p_c_stack_depth, 0, NULL},
    {"driver", p_driver, 0, NULL},
    {"nesting", p_nesting, 0, NULL},
    {NULL, NULL, 0, NULL},
};

void vm_init(int argc, char **argv) {
    char here;
    if (!c_stack_base) c_stack_base = &here;
    GC_INIT();
#if PRICKLE_GC_STRESS
    GC_set_free_space_divisor(1000000);
    GC_set_full_freq(1);
#endif
    vm.recursion_limit = 1000;
    vm.exc_info = VAL_NONE;
#define X(c, py) type_ready(&c##Type);
    BUILTIN_TYPE_LIST(X)
#undef X
    type_init_dunders();
    exc_init();
    func_init();
    str_init();
    num_init();
    containers_init();
    fileobj_init();
    gen_init();
    vmops_init();
    vm.modules = dict_new();
    vm.path = list_new(0);
    vm.argv = list_new(0);
    for (int i = 0; i < argc; i++) list_append(vm.argv, (Value)str_from_cstr(argv[i]));
    builtins_init();
    mod_sys_init();
    mod_math_init();
    mod_time_init();
    mod_collections_init();
    sched_init();
    fmt_init();
    module_add_builtin("_prickle", prickle_funcs);
}

Value vm_exec_code(Code *code, Dict *globals) {
    Frame *f = frame_new(code, NULL, globals, globals);
    return vm_run_toplevel((Value)f);
}

// Exit code for an uncaught exception (printing it as CPython does).
static int report_exception(Value exc) {
    if (val_isinstance(exc, &SystemExitType)) {
        Exc *e = (Exc *)exc;
        Value code = e->args->len == 0   ? VAL_NONE
                     : e->args->len == 1 ? e->args->items[0]
                                         : (Value)e->args;
        file_flush(file_stdout());
        if (code == VAL_NONE) return 0;
        if (val_is_int(code)) return (int)(int_value(code) & 0xff);
        Str *s = obj_str(code);
        if (s) {
            file_flush(file_stdout());
            fprintf(stderr, "%s\n", s->data);
        }
        return 1;
    }
    exc_print(exc, stderr);
    return 1;
}

// sys.path: the directory of [path] (if not NULL), PRICKLEPATH entries, the
// library folder.
static void init_path(const char *path) {
    const char *slash = path ? strrchr(path, '/') : NULL;
    if (path)
        list_append(vm.path, (Value)(slash ? str_new(path, slash - path) : str_from_cstr("")));
    const char *pp = getenv("PRICKLEPATH");
    while (pp && *pp) {
        const char *colon = strchr(pp, ':');
        int64_t n = colon ? colon - pp : (int64_t)strlen(pp);
        if (n) list_append(vm.path, (Value)str_new(pp, n));
        pp = colon ? colon + 1 : NULL;
    }
    list_append(vm.path, (Value)str_from_cstr(PRICKLE_LIB_DIR));
}

// Create and register the __main__ module (with __file__ = [fname] if not NULL).
static Module *new_main_module(Str *fname) {
    Module *m = module_new(str_intern_cstr("__main__"));
    if (fname) dict_set_str(m->dict, str_intern_cstr("__file__"), (Value)fname);
    dict_set_str(m->dict, str_intern_cstr("__builtins__"), (Value)vm.builtins);
    dict_set_str(vm.modules, m->name, (Value)m);
    vm.main_module = (Value)m;
    return m;
}

int vm_run_main(const char *path) {
    init_path(path);
    Str *fname = str_from_cstr(path);
    Module *m = new_main_module(fname);
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "prickle: can't open file '%s': [Errno 2] No such file or directory\n",
                path);
        return 2;
    }
    fclose(f);
    Code *code = module_compile_file(path, fname);
    int rc = 0;
    if (!code) {
        rc = report_exception(err_fetch());
    } else {
        Value r = vm_exec_code(code, m->dict);
        if (!r) rc = report_exception(err_fetch());
    }
    if (file_flush(file_stdout()) < 0) err_clear();
    file_flush(file_stderr());
    return rc;
}

// ---- prickle dis / prickle resume -------------------------------------------------------

// `prickle dis FILE`: the listing of a pickle (format/dis.c).
static int dis_file(const char *path, const FmtDisOptions *opt) {
    int64_t len;
    char *data = module_read_file(path, &len);
    if (!data) {
        fprintf(stderr, "prickle: can't open file '%s': [Errno 2] No such file or directory\n",
                path);
        return 2;
    }
    bool ok = fmt_dis((const uint8_t *)data, (size_t)len, opt, stdout);
    return fflush(stdout) == 0 && ok ? 0 : 1;
}

// Put every alive tasklet of the resumed root [v] — a tasklet, a channel
// (its blocked tasklets stay blocked on it) or a list or tuple of those —
// into the run queue. False with TypeError raised for anything else.
static bool resume_insert(Value v, bool top) {
    if (val_isinstance(v, &TaskletType)) {
        Tasklet *t = (Tasklet *)v;
        if (t->state == TS_ALIVE && !t->channel && !rq_contains(t)) rq_insert(t);
        return true;
    }
    if (val_isinstance(v, &ChannelType)) return true;
    if (top && (val_is(v, &ListType) || val_is(v, &TupleType))) {
        int64_t n = val_is(v, &ListType) ? ((List *)v)->len : ((Tuple *)v)->len;
        for (int64_t i = 0; i < n; i++) {
            Value item = val_is(v, &ListType) ? ((List *)v)->items[i] : ((Tuple *)v)->items[i];
            if (!resume_insert(item, false)) return false;
        }
        return true;
    }
    err_format(&TypeErrorType,
               "prickle resume: the pickle holds %s'%T' object, not a tasklet, a channel or a "
               "list or tuple of them",
               top ? "a " : "a list or tuple holding a ", v);
    return false;
}

// The file of module `__main__` among [mods], or NULL.
static const char *main_file(Tuple *mods) {
    for (int64_t i = 0; i < mods->len; i++) {
        Module *m = (Module *)mods->items[i];
        Value file = dict_get_str(m->dict, str_intern_cstr("__file__"));
        if (str_eq_cstr(m->name, "__main__") && file && val_is(file, &StrType))
            return ((Str *)file)->data;
    }
    return NULL;
}

// `prickle resume FILE`: load a pickle in this fresh process (modules from
// their stored contents). A whole scheduler (`prickle run --save-pickles`)
// continues where it was pickled: its main tasklet runs the rest of the
// program. Anything else — tasklets, channels — is inserted into the run
// queue and run until done, as stackless.run() in a main program would.
static int resume_file(const char *path) {
    int64_t len;
    char *data = module_read_file(path, &len);
    if (!data) {
        fprintf(stderr, "prickle: can't open file '%s': [Errno 2] No such file or directory\n",
                path);
        return 2;
    }
    Module *m = new_main_module(NULL);
    FmtScheduler whole;
    bool is_whole = false;
    Value root = fmt_loads_resume((const uint8_t *)data, (size_t)len, &whole, &is_whole);
    int rc = 0;
    if (root && is_whole) {
        init_path(main_file(whole.modules));
        if (!sched_pickle_resume(&whole)) rc = report_exception(err_fetch());
    } else if (!root || (init_path(NULL), !resume_insert(root, true))) {
        rc = report_exception(err_fetch());
    } else {
        static const char src[] = "import stackless\nstackless.run()\n";
        Str *fname = str_from_cstr("<prickle resume>");
        Node *mod = parse_module(src, (int64_t)strlen(src), fname);
        Code *code = mod ? compile_module(mod, fname, src) : NULL;
        Value r = code ? vm_exec_code(code, m->dict) : VAL_NULL;
        if (!r) rc = report_exception(err_fetch());
    }
    if (file_flush(file_stdout()) < 0) err_clear();
    file_flush(file_stderr());
    return rc;
}

static const char usage[] =
    "usage: prickle [run] [--pickle-every N] [--save-pickles DIR] PROGRAM.py [ARGS...]\n"
    "       prickle dis [--no-code] [--no-objects] [--record N] FILE\n"
    "                                 (listing of a pickle written by pickle.dumps)\n"
    "       prickle resume FILE       (load a pickle and run its tasklets to the end)\n"
    "       prickle dis-code PROGRAM.py   (bytecode listing)\n";

// `prickle dis [--no-code] [--no-objects] [--record N] FILE`.
static int dis_main(int argc, char **argv) {
    FmtDisOptions opt = {0};
    int k = 2;
    for (; k < argc - 1; k++) {
        if (strcmp(argv[k], "--no-code") == 0) {
            opt.no_code = true;
        } else if (strcmp(argv[k], "--no-objects") == 0) {
            opt.no_objects = true;
        } else if (strcmp(argv[k], "--record") == 0 && k + 2 < argc) {
            k++;
            const char *num = argv[k] + (argv[k][0] == '#');
            char *end = NULL;
            unsigned long long r = strtoull(num, &end, 10);
            if (*end || end == num || *num < '0' || *num > '9' || r > UINT32_MAX) {
                fprintf(stderr, "prickle: --record needs a record number\n%s", usage);
                return 2;
            }
            opt.one_record = true;
            opt.record = (uint32_t)r;
        } else {
            break;
        }
    }
    if (k != argc - 1) {
        fprintf(stderr, "%s", usage);
        return 2;
    }
    vm_init(1, argv + k);
    return dis_file(argv[k], &opt);
}

// The command line shared by every strategy's main().
int prickle_main(int argc, char **argv) {
    int first = 1;
    int64_t pickle_every = 0;
    const char *save_dir = NULL;
    if (argc > 1 && strcmp(argv[1], "run") == 0) {
        for (first = 2; first + 1 < argc; first += 2) {
            if (strcmp(argv[first], "--pickle-every") == 0) {
                char *end = NULL;
                pickle_every = strtoll(argv[first + 1], &end, 10);
                if (*end || end == argv[first + 1] || pickle_every <= 0) {
                    fprintf(stderr, "prickle: --pickle-every needs a positive integer\n%s", usage);
                    return 2;
                }
            } else if (strcmp(argv[first], "--save-pickles") == 0) {
                save_dir = argv[first + 1];
            } else {
                break;
            }
        }
        if (first < argc && (strcmp(argv[first], "--pickle-every") == 0 ||
                             strcmp(argv[first], "--save-pickles") == 0)) {
            fprintf(stderr, "prickle: %s needs a value\n%s", argv[first], usage);
            return 2;
        }
    }
    if (argc > 1 && (strcmp(argv[1], "--version") == 0)) {
        printf("prickle (%s driver)\n", vm_driver_name);
        return 0;
    }
    if (argc > 1 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
        printf("%s"
               "  --pickle-every N  at every Nth tasklet switch, pickle every tasklet and\n"
               "                    continue from the unpickled copies (a stress mode)\n"
               "  --save-pickles DIR  at tasklet switches 1, 2, 4, 8, ... write the whole\n"
               "                    scheduler to DIR/<switch>.pkl (listed in DIR/index.tsv)\n"
               "                    for `prickle resume` to continue in a fresh process\n"
               "  dis --no-code     leave out the disassembly of the code records\n"
               "  dis --no-objects  leave out the list of every record with its fields\n"
               "  dis --record N    only record #N: its fields and its view (a tasklet's\n"
               "                    chain, a frame with its code's disassembly, ...)\n",
               usage);
        return 0;
    }
    if (argc > 1 && strcmp(argv[1], "dis") == 0) return dis_main(argc, argv);
    if (argc > 1 && strcmp(argv[1], "resume") == 0) {
        if (argc != 3) {
            fprintf(stderr, "%s", usage);
            return 2;
        }
        vm_init(argc - 2, argv + 2);
        return resume_file(argv[2]);
    }
    if (argc > 2 && strcmp(argv[1], "dis-code") == 0) {
        vm_init(0, NULL);
        Code *c = module_compile_file(argv[2], str_from_cstr(argv[2]));
        if (!c) {
            exc_print(err_fetch(), stderr);
            return 1;
        }
        code_dis(c, stdout);
        return 0;
    }
    if (argc <= first) {
        fprintf(stderr, "%s", usage);
        return 2;
    }
    vm_init(argc - first, argv + first);
    sched.pickle_every = pickle_every;
    if (save_dir && !sched_pickle_start_saving(save_dir)) return 2;
    return vm_run_main(argv[first]);
}
