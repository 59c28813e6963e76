# Idle-greenlet memory for bench/switch/run_switch.py (run with
# /usr/bin/python3, which has python3-greenlet). Creates COUNT greenlets that
# each recurse DEPTH calls deep and switch back to the main greenlet, where
# they stay suspended. The program reports its peak RSS; COUNT 0 is the baseline.
# Usage: idle_greenlets.py COUNT [DEPTH]
# Prints: IDLE <greenlets parked> <peak RSS in KiB>
import sys

import greenlet

count = int(sys.argv[1])
depth = int(sys.argv[2]) if len(sys.argv) > 2 else 2
main = greenlet.getcurrent()


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
    return descend(depth, main.switch)


parked = []
for i in range(count):
    g = greenlet.greenlet(park)
    g.switch()
    parked.append(g)
print("IDLE %d %d" % (sum(1 for g in parked if g and not g.dead), peak_rss_kib()))
