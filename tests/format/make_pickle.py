# make_pickle.py — writes a real pickle for the malformed-pickle tests
# (tests/format/malformed.py): tasklets suspended in a loop over a
# generator inside a `with` block and a try/finally (with a closure cell),
# inside a sorted() key function blocked on a channel, inside __init__,
# while handling an exception, preempted in a busy loop, and not started.
#
# usage: prickle run make_pickle.py OUT.pkl
# Writes pickle.dumps([t1, t2, t3, t4, t5, t6, ch]) to OUT.pkl, prints
# "---- resumed" and then runs the same tasklets to the end, as
# `prickle resume OUT.pkl` must.
import pickle
import stackless
import sys


class Resource:
    def __init__(self, name):
        self.name = name

    def __enter__(self):
        print("enter", self.name)
        return self

    def __exit__(self, et, ev, tb):
        print("exit", self.name, et)
        return False


def numbers(n):
    with Resource("numbers"):
        for i in range(n):
            yield i * i


def counter():
    count = 0

    def bump(k):
        nonlocal count
        count += k
        return count

    return bump


def looper(label, n):
    bump = counter()
    total = 0
    try:
        for v in numbers(n):
            total = bump(v)
            stackless.schedule()
    finally:
        print(label, "total", total)


ch = stackless.channel()


def keyf(x):
    return ch.receive() - x


def sorter():
    print("sorted", sorted([3, 1, 2], key=keyf))


def feeder():
    for i in range(3):
        ch.send(i * 10)
    print("fed")


class Slow:
    def __init__(self, n):
        self.items = {"a": n, "b": n + 1}
        stackless.schedule()
        self.n = n


def make_slow():
    s = Slow(5)
    print("made", s.n, s.items)


def handler():
    try:
        raise KeyError("k")
    except KeyError as e:
        s = Slow(3)
        for i, (a, b) in enumerate(zip("xy", [1.5, 2.5])):
            stackless.schedule()
            print("handled", repr(e), s.n, i, a, b)


def busy(n):
    k = 0
    while k < n:
        k += 1
    print("busy done", k)


t4 = stackless.tasklet(busy)(1000)
r = stackless.run(50)
assert r is t4 and t4.alive
t1 = stackless.tasklet(looper)("A", 4)
t2 = stackless.tasklet(sorter)()
t5 = stackless.tasklet(handler)()
stackless.schedule()
t6 = stackless.tasklet(make_slow)()
stackless.schedule()
t3 = stackless.tasklet(feeder)()
data = pickle.dumps([t1, t2, t3, t4, t5, t6, ch])
with open(sys.argv[1], "wb") as f:
    f.write(data)
print("---- resumed")
# The order in which `prickle resume` inserts them: the alive, unblocked
# tasklets of the list, in list order.
for t in [t1, t2, t3, t4, t5, t6]:
    if t.alive and not t.blocked:
        t.remove()
for t in [t1, t2, t3, t4, t5, t6]:
    if t.alive and not t.blocked:
        t.insert()
stackless.run()
