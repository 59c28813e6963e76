# make_stacks.py — writes a real pickle whose frames hold every kind of
# value-stack slot the decoder checks (tests/format/stacks.py): tasklets
# switched out with, below the suspended call, a for-loop iterator, the
# accumulator of a list / set / dict comprehension, a list being built for
# a starred display, formatted pieces of an f-string, the NULL, callable and
# a constant of an enclosing call, a method call's method slot, a **kwargs
# dict being built, the exit function of a `with`, the saved exception of
# an `except` or `finally` body, the [exit, lasti, prev, exc] of a `with`
# whose __exit__ runs for an exception, a generator delegating with
# `yield from`, a frame unpacking a user iterable (its vm.unpack record
# above it), and a tasklet preempted in a busy loop.
#
# usage: prickle run make_stacks.py OUT.pkl
# Writes pickle.dumps([tasklets]) to OUT.pkl, prints "---- resumed" and runs
# the tasklets to the end, as `prickle resume OUT.pkl` must.
import pickle
import stackless
import sys


def pause():
    stackless.schedule()
    return 1


def loop():
    total = 0
    for i in range(3):
        pause()
        total += i
    print("loop", total)


def listcomp():
    print("listcomp", [pause() + x for x in range(3)])


def setcomp():
    print("setcomp", sorted({pause() + x for x in range(3)}))


def dictcomp():
    print("dictcomp", {x: pause() for x in "ab"})


def starred():
    a = [1, 2]
    print("starred", [*a, pause()], (*a, pause()))


def fstring():
    x = 7
    print("fstring", f"<{x}|{pause()}>")


def enclosing_call():
    print("call", "const", pause())


def method_call():
    print("method", "-".join([str(pause())]))


def kwargs_call():
    def f(*a, **k):
        return a, sorted(k.items())

    m = {"m": 1}
    print("kwargs", f(*[1], **m, k=pause()))


class Manager:
    def __init__(self, name):
        self.name = name

    def __enter__(self):
        return self

    def __exit__(self, et, ev, tb):
        pause()
        print("exit", self.name, et.__name__ if et else None)
        return et is KeyError


def with_body():
    with Manager("body"):
        pause()
    print("with body done")


def with_exit():
    with Manager("exc"):
        raise KeyError("k")
    print("with exit done")


def except_body():
    try:
        raise ValueError("v")
    except ValueError as e:
        pause()
        print("except", repr(e))


def finally_body():
    try:
        try:
            raise IndexError("i")
        finally:
            pause()
            print("finally")
    except IndexError:
        print("caught")


def sub():
    yield "a"
    yield "b"
    return "r"


def outer():
    r = yield from sub()
    print("outer got", r)
    yield "c"


def delegate():
    g = outer()
    first = next(g)
    pause()
    print("delegate", first, list(g))


class Pair:
    def __iter__(self):
        pause()
        return iter([1, 2])


def unpack():
    a, b = Pair()
    print("unpack", a, b)


def busy(n):
    k = 0
    while k < n:
        k += 1
    print("busy done", k)


tb = stackless.tasklet(busy)(1000)
r = stackless.run(50)
assert r is tb and tb.alive
funcs = [loop, listcomp, setcomp, dictcomp, starred, fstring, enclosing_call, method_call,
         kwargs_call, with_body, with_exit, except_body, finally_body, delegate, unpack]
ts = [stackless.tasklet(f)() for f in funcs]
stackless.schedule()
ts.append(tb)
data = pickle.dumps(ts)
with open(sys.argv[1], "wb") as f:
    f.write(data)
print("---- resumed")
# The order in which `prickle resume` inserts them: the alive, unblocked
# tasklets of the list, in list order.
for t in ts:
    if t.alive:
        t.remove()
for t in ts:
    if t.alive:
        t.insert()
stackless.run()
