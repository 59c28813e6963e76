# The stackless driver runs Python calls, generator resumptions and helper
# callbacks without C recursion: the C stack depth seen from deep inside
# them is the same as at the top. The recursive driver's grows. A tasklet
# switch (channel, schedule) from deep recursion is a swap of heap record
# chains: the C stack depth seen after it is the same too. Prints "ok".
import sys
import _prickle
import stackless

sys.setrecursionlimit(200000)
top = _prickle.c_stack_depth()

def down(n):
    if n == 0:
        return _prickle.c_stack_depth()
    return down(n - 1)

def gen(n):
    if n == 0:
        yield _prickle.c_stack_depth()
    else:
        yield from gen(n - 1)

deep_call = down(100000)
deep_gen = next(gen(2000))
depths = []
def key(x):
    depths.append(_prickle.c_stack_depth())
    return x
sorted([3, 1, 2], key=key)
mapped = list(map(lambda x: _prickle.c_stack_depth(), range(3)))

# Tasklets blocked 1000 and 5000 calls deep, switched back and forth.
switch_depths = []
def sink(n, ch):
    if n == 0:
        for _ in range(3):
            ch.receive()
            switch_depths.append(_prickle.c_stack_depth())
            stackless.schedule()
        return 0
    return sink(n - 1, ch) + 1
chans = [stackless.channel(), stackless.channel()]
stackless.tasklet(sink)(1000, chans[0])
stackless.tasklet(sink)(5000, chans[1])
stackless.run()
for _ in range(3):
    chans[0].send(None)
    chans[1].send(None)
stackless.run()
assert len(switch_depths) == 6, switch_depths

if _prickle.driver() == "stackless":
    assert all(d == top for d in switch_depths), (switch_depths, top)
    assert deep_call == top, (deep_call, top)
    assert deep_gen == top, (deep_gen, top)
    assert all(d == top for d in depths), (depths, top)
    assert all(d == top for d in mapped), (mapped, top)
else:
    assert deep_call > top + 100000 * 16, (deep_call, top)
print("ok")
