# Tasklet ping-pong for bench/switch/run_switch.py (runs under prickle, or
# under CPython with PYTHONPATH=tests/oracle). Two tasklets, each first
# recursing DEPTH Python calls deep, hand control back and forth N/2 times,
# either through a channel (one send + one receive = 2 switches) or through
# stackless.schedule() (each call = 1 switch). The sender times its own loop
# (wall time and process CPU time);
# the bound methods are looked up once, outside the loops, as in the peers.
# Usage: pingpong.py channel|schedule DEPTH SWITCHES [WARMUP_SWITCHES]
# Prints: SWITCH <switches timed> <wall seconds> <CPU seconds>
import sys
import time
import stackless

mode = sys.argv[1]
depth = int(sys.argv[2])
rounds = int(sys.argv[3]) // 2  # each round is two one-way switches
warm = int(sys.argv[4]) // 2 if len(sys.argv) > 4 else 1000
sys.setrecursionlimit(depth + 1000)
result = []


def descend(d, body):
    # DEPTH nested Python calls, then the loop runs in the deepest frame.
    if d == 0:
        return body()
    return descend(d - 1, body) + 1


def channel_sender(ch):
    def body():
        send = ch.send  # hoisted, like schedule, greenlet's switch, Lua's resume
        for i in range(warm):
            send(i)
        c0 = time.process_time()
        t0 = time.perf_counter()
        for i in range(rounds):
            send(i)
        t1 = time.perf_counter()
        c1 = time.process_time()
        result.append((t1 - t0, c1 - c0))
        return 0

    return descend(depth, body)


def channel_receiver(ch):
    def body():
        receive = ch.receive
        for i in range(warm + rounds):
            receive()
        return 0

    return descend(depth, body)


def schedule_a():
    def body():
        schedule = stackless.schedule
        for i in range(warm):
            schedule()
        c0 = time.process_time()
        t0 = time.perf_counter()
        for i in range(rounds):
            schedule()
        t1 = time.perf_counter()
        c1 = time.process_time()
        result.append((t1 - t0, c1 - c0))
        return 0

    return descend(depth, body)


def schedule_b():
    def body():
        schedule = stackless.schedule
        for i in range(warm + rounds):
            schedule()
        return 0

    return descend(depth, body)


if mode == "channel":
    ch = stackless.channel()
    stackless.tasklet(channel_receiver)(ch)
    stackless.tasklet(channel_sender)(ch)
elif mode == "schedule":
    stackless.tasklet(schedule_a)()
    stackless.tasklet(schedule_b)()
else:
    raise SystemExit("pingpong.py: mode must be channel or schedule")
stackless.run()
if len(result) != 1:
    raise SystemExit("pingpong.py: the timed tasklet did not finish")
print("SWITCH %d %.9f %.9f" % (2 * rounds, result[0][0], result[0][1]))
