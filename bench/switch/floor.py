# The loop-and-call floor for bench/switch/run_switch.py: the timed loop of
# the ping-pong programs without the switch (one iteration calls a no-op
# Python function), so that a switch's ns can be read against the
# interpreter's own cost of the surrounding loop. Runs under prickle and CPython.
# Usage: floor.py ITERATIONS [WARMUP]
# Prints: SWITCH <iterations timed> <wall seconds> <CPU seconds>
import sys
import time

n = int(sys.argv[1])
warm = int(sys.argv[2]) if len(sys.argv) > 2 else 1000


def nop():
    return None


def loop(count):
    for i in range(count):
        nop()


loop(warm)
c0 = time.process_time()
t0 = time.perf_counter()
loop(n)
t1 = time.perf_counter()
c1 = time.process_time()
print("SWITCH %d %.9f %.9f" % (n, t1 - t0, c1 - c0))
