# Idle-tasklet memory for bench/switch/run_switch.py (prickle, or CPython with
# PYTHONPATH=tests/oracle for small counts). Creates COUNT tasklets that each
# recurse DEPTH calls deep and then block: on a channel's receive() (mode
# "channel") or inside stackless.schedule() (mode "schedule"), and reports
# its own peak RSS (VmHWM); COUNT 0 gives the baseline.
# Usage: idle_tasklets.py COUNT [DEPTH] [channel|schedule]
# Prints: IDLE <tasklets parked> <peak RSS in KiB>
import sys
import stackless

count = int(sys.argv[1])
depth = int(sys.argv[2]) if len(sys.argv) > 2 else 2
mode = sys.argv[3] if len(sys.argv) > 3 else "channel"
ch = stackless.channel()


def peak_rss_kib():
    # VmHWM of this process: the peak RSS since exec (getrusage in the parent
    # would also count the memory of the parent it was forked from).
    f = open("/proc/self/status")
    text = f.read()
    f.close()
    for line in text.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return -1


def descend(d, body):
    if d == 0:
        return body()
    return descend(d - 1, body) + 1


def park():
    if mode == "channel":
        return descend(depth, ch.receive)
    return descend(depth, stackless.schedule)


for i in range(count):
    stackless.tasklet(park)()
if mode == "channel":
    stackless.run()  # returns when the last tasklet has blocked
    parked = -ch.balance
else:
    stackless.schedule()  # every tasklet runs once and stays in schedule()
    parked = stackless.getruncount() - 1
print("IDLE %d %d" % (parked, peak_rss_kib()))
