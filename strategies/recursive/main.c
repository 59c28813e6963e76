// main.c — the recursive driver's entry point (the base of the stack-copy
// and unwind-rebuild strategies): Python calls recurse on the C stack. The
// interpreter runs on a thread with a large stack so that deep recursion
// reaches RecursionError (checked by depth and by remaining C stack) long
// before the C stack could overflow.
#define GC_THREADS
#include <gc.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

#include "vm.h"

int prickle_main(int argc, char **argv);

#define STACK_SIZE ((size_t)1 << 30)   // 1 GiB reserved; pages are touched on demand
#define STACK_MARGIN ((size_t)1 << 20) // keep 1 MiB for C code below the last check

typedef struct {
    int argc;
    char **argv;
    int rc;
} MainArgs;

static void *run_main(void *p) {
    MainArgs *a = p;
    char here;
    vm.c_stack_limit = (char *)((uintptr_t)&here - STACK_SIZE + STACK_MARGIN * 4);
    a->rc = prickle_main(a->argc, a->argv);
    return NULL;
}

int main(int argc, char **argv) {
    GC_INIT();
    GC_allow_register_threads();
    MainArgs a = {argc, argv, 0};
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, STACK_SIZE);
    pthread_t t;
    if (pthread_create(&t, &attr, run_main, &a) != 0) {
        // Fall back to the process stack with a conservative limit.
        char here;
        vm.c_stack_limit = (char *)((uintptr_t)&here - ((size_t)6 << 20));
        return prickle_main(argc, argv);
    }
    pthread_join(t, NULL);
    return a.rc;
}
