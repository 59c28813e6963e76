# Greenlet ping-pong for bench/switch/run_switch.py (Debian's python3-greenlet,
# so run it with /usr/bin/python3). Two greenlets, each first recursing DEPTH
# calls deep, switch to each other; one iteration of the timed loop is two
# one-way switches. KIND "py": plain Python recursion (CPython 3.11 runs
# Python-to-Python calls without C recursion, so little C stack is copied);
# KIND "c": every level goes through a C call (next(map(...))), so the C
# stack grows with the depth, as it does in prickle's stack-copy strategy.
# Usage: greenlet_pingpong.py DEPTH SWITCHES [py|c] [WARMUP_SWITCHES]
# Prints: SWITCH <switches timed> <wall seconds> <CPU seconds>
import sys
import time

import greenlet

depth = int(sys.argv[1])
rounds = int(sys.argv[2]) // 2
kind = sys.argv[3] if len(sys.argv) > 3 else "py"
warm = int(sys.argv[4]) // 2 if len(sys.argv) > 4 else 1000
sys.setrecursionlimit(4 * depth + 1000)
result = []


def descend_py(d, body):
    if d == 0:
        return body()
    return descend_py(d - 1, body) + 1


def descend_c(d, body):
    if d == 0:
        return body()
    return next(map(descend_c, (d - 1,), (body,))) + 1


descend = descend_c if kind == "c" else descend_py


def run_a():
    def body():
        switch = g_b.switch
        for i in range(warm):
            switch()
        c0 = time.process_time()
        t0 = time.perf_counter()
        for i in range(rounds):
            switch()
        t1 = time.perf_counter()
        c1 = time.process_time()
        result.append((t1 - t0, c1 - c0))
        return 0

    return descend(depth, body)


def run_b():
    def body():
        switch = g_a.switch
        while True:
            switch()

    return descend(depth, body)


g_a = greenlet.greenlet(run_a)
g_b = greenlet.greenlet(run_b)
g_a.switch()
print("SWITCH %d %.9f %.9f" % (2 * rounds, result[0][0], result[0][1]))
