// main.c — the stackless strategy's entry point: the trampolined driver
// (common/eval.c compiled with PRICKLE_STRATEGY_STACKLESS) runs every
// Python call, generator resumption and helper callback in one C
// activation, so the C stack depth stays constant whatever the program does.
// Only C code outside the helper protocol nests (vm_call_nested); the C
// stack guard below turns runaway nesting into RecursionError.
#include <stdint.h>
#include <sys/resource.h>

#include "vm.h"

int prickle_main(int argc, char **argv);

int main(int argc, char **argv) {
    char here;
    struct rlimit rl;
    size_t size = (size_t)8 << 20;
    if (getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
        size = (size_t)rl.rlim_cur;
    if (size > ((size_t)1 << 30)) size = (size_t)1 << 30;
    vm.c_stack_limit = (char *)((uintptr_t)&here - size + (size / 4));
    return prickle_main(argc, argv);
}
