# CPython generator ping-pong for bench/switch/run_switch.py: the caller
# send()s into a generator that yields back; one send() is two one-way
# switches. With DEPTH > 0 the yielding generator sits at the bottom of a
# chain of DEPTH nested `yield from` generators, which every send() traverses.
# Usage: gen_pingpong.py DEPTH SWITCHES [WARMUP_SWITCHES]
# Prints: SWITCH <switches timed> <wall seconds> <CPU seconds>
import sys
import time

depth = int(sys.argv[1])
rounds = int(sys.argv[2]) // 2
warm = int(sys.argv[3]) // 2 if len(sys.argv) > 3 else 1000
sys.setrecursionlimit(2 * depth + 1000)


def leaf():
    x = 0
    while True:
        x = yield x


def chain(d):
    if d == 0:
        return (yield from leaf())
    return (yield from chain(d - 1))


g = chain(depth)
send = g.send
send(None)
for i in range(warm):
    send(i)
c0 = time.process_time()
t0 = time.perf_counter()
for i in range(rounds):
    send(i)
t1 = time.perf_counter()
c1 = time.process_time()
print("SWITCH %d %.9f %.9f" % (2 * rounds, t1 - t0, c1 - c0))
