// sched_pickle.c — pickling the whole scheduler at a switch, when every
// tasklet is switched out: the pickle-everywhere mode's in-place round trip
// (`prickle run --pickle-every N`), whole-scheduler pickles saved for a
// fresh process (`prickle run --save-pickles DIR`), and continuing one in
// this process (`prickle resume FILE`).
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "containers.h"
#include "err.h"
#include "fileobj.h"
#include "format.h"
#include "module.h"
#include "ops.h"
#include "sched_impl.h"
#include "str.h"
#include "vm.h"

// The run queue ring from its head, as a tuple; [extra] slots first.
static Tuple *ring_tuple(int64_t extra) {
    int64_t n = extra;
    Tasklet *t = sched.head;
    if (t) do {
            n++;
            t = t->next;
        } while (t != sched.head);
    Tuple *r = tuple_new(n);
    int64_t i = extra;
    if ((t = sched.head)) do {
            r->items[i++] = (Value)t;
            t = t->next;
        } while (t != sched.head);
    return r;
}

void sched_pickle_world(Tasklet *cur, Tasklet *to) {
    Tuple *all = ring_tuple(3);
    all->items[0] = (Value)sched.main;
    all->items[1] = (Value)cur;
    all->items[2] = (Value)to;
    Value saved = vm.exc;
    vm.exc = VAL_NULL;
    int64_t size = fmt_roundtrip_world((Value)all);
    if (size < 0) {
        fprintf(stderr, "prickle: --pickle-every: ");
        exc_print(err_fetch(), stderr);
        exit(70);
    }
    vm.exc = saved;
    sched.pickle_bytes += (uint64_t)size;
}

// ---- --save-pickles DIR ---------------------------------------------------------------

static FILE *save_index;

bool sched_pickle_start_saving(const char *dir) {
    if (mkdir(dir, 0777) < 0 && errno != EEXIST) {
        fprintf(stderr, "prickle: --save-pickles: cannot create '%s': %s\n", dir, strerror(errno));
        return false;
    }
    Str *path = str_printf("%s/index.tsv", dir);
    save_index = fopen(path->data, "w");
    if (!save_index) {
        fprintf(stderr, "prickle: --save-pickles: cannot write '%s': %s\n", path->data,
                strerror(errno));
        return false;
    }
    fprintf(save_index, "# switch\tstdout_bytes\tstderr_bytes\tfile or why not restorable\n");
    fflush(save_index);
    sched.save_dir = dir;
    return true;
}

// The program's modules that were loaded from files (stored by value).
static Tuple *file_modules(void) {
    List *l = list_new(0);
    int64_t pos = 0;
    Value k, v;
    while (dict_next(vm.modules, &pos, &k, &v)) {
        if (!val_is(v, &ModuleType)) continue;
        Value file = dict_get_str(((Module *)v)->dict, str_intern_cstr("__file__"));
        if (file && val_is(file, &StrType)) list_append(l, v);
    }
    return tuple_from(l->items, l->len);
}

void sched_pickle_save(Tasklet *to, uint64_t k) {
    // Where the continued program's output starts.
    Value saved = vm.exc;
    vm.exc = VAL_NULL;
    if (file_flush(file_stdout()) < 0 || file_flush(file_stderr()) < 0) err_clear();
    FmtScheduler s = {
        .main = (Value)sched.main,
        .next = (Value)to,
        .runqueue = ring_tuple(0),
        .modules = file_modules(),
        .recursion_limit = vm.recursion_limit,
        .timeout = sched.timeout,
        .total_left = sched.total_left,
        .totaltimeout = sched.totaltimeout,
        .main_in_run = sched.main_in_run,
    };
    Value data = fmt_dumps_scheduler(&s);
    fprintf(save_index, "%llu\t%llu\t%llu\t", (unsigned long long)k,
            (unsigned long long)file_bytes_written(1), (unsigned long long)file_bytes_written(2));
    if (data) {
        Str *path = str_printf("%s/%llu.pkl", sched.save_dir, (unsigned long long)k);
        FILE *f = fopen(path->data, "wb");
        Bytes *b = (Bytes *)data;
        if (!f || fwrite(b->data, 1, (size_t)b->len, f) != (size_t)b->len || fclose(f) != 0) {
            fprintf(stderr, "prickle: --save-pickles: cannot write '%s'\n", path->data);
            exit(70);
        }
        fprintf(save_index, "%llu.pkl\n", (unsigned long long)k);
    } else {
        // Not restorable here (e.g. Python code called by C code outside
        // the helper protocol): recorded, and the program goes on.
        Str *m = obj_str(err_fetch());
        fprintf(save_index, "-\t%s\n", m ? m->data : "?");
    }
    fflush(save_index);
    vm.exc = saved;
}

// ---- prickle resume -----------------------------------------------------------------------

Value sched_pickle_resume(const FmtScheduler *s) {
    Str *main_name = str_intern_cstr("__main__");
    for (int64_t i = 0; i < s->modules->len; i++) {
        Module *m = (Module *)s->modules->items[i];
        dict_set(vm.modules, (Value)m->name, (Value)m);
        if (str_eq(m->name, main_name)) vm.main_module = (Value)m;
    }
    vm.recursion_limit = s->recursion_limit;
    // This process's own main tasklet leaves the run queue: it only waits
    // (vm_run_resumed); the loaded one is main now.
    rq_remove(sched.current);
    sched.main = (Tasklet *)s->main;
    for (int64_t i = 0; i < s->runqueue->len; i++) rq_insert((Tasklet *)s->runqueue->items[i]);
    sched.timeout = s->timeout;
    sched.total_left = s->total_left;
    sched.totaltimeout = s->totaltimeout;
    sched.main_in_run = s->main_in_run;
    return vm_run_resumed((Tasklet *)s->next);
}
