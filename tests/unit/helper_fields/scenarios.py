# scenarios.py — run by tests/unit/test_helper_fields.c: starts one tasklet
# per helper scenario (print calling a __str__, sorted calling __lt__ at
# many comparisons, a channel send_sequence, ...) and leaves each blocked
# inside it, so that the test can check the helper records the runtime built
# (TASKLETS) and use SAMPLES as field values of each type letter.
import math
import stackless
import sys

BLOCK = stackless.channel()
TASKLETS = []
SORTS = []


def block():
    BLOCK.receive()


def spawn(f, *args):
    t = stackless.tasklet(f)(*args)
    TASKLETS.append(t)
    return t


def gen_block():
    yield 1
    block()
    yield 2


def gen_block_str():
    yield ""
    block()


def blocking(*args):
    block()
    return True


class BlockIter:
    def __iter__(self):
        block()
        return iter([1, 2])


# ---- samples for the type letters ('n': the iterator of a next_helper)
def _g():
    yield 1


SAMPLES = {
    "enumerate": enumerate([]),
    "zip": zip(),
    "map": map(len, []),
    "filter": filter(None, []),
    "calliter": iter(int, 1),
    "channel": stackless.channel(),
    "tasklet": stackless.tasklet(),
    "generator": _g(),
    "module": math,
    "file": sys.stdout,
    "zip2": zip([1], [2]),
    "map2": map(pow, [1], [2]),
    "class": BlockIter,
}


# ---- builtins
class S:
    def __str__(self):
        block()
        return "s"

    def __repr__(self):
        block()
        return "r"

    def __format__(self, spec):
        block()
        return "f"


spawn(lambda: print(1, S()))
def next_twice():
    g = gen_block()
    next(g)
    next(g)


spawn(next_twice)
spawn(lambda: [x for x in iter(blocking, None)])
def gen_block_first():
    block()
    yield 1


spawn(lambda: sum(gen_block()))
spawn(lambda: sum(BlockIter()))
spawn(lambda: any(BlockIter()))
spawn(lambda: all(BlockIter()))
spawn(lambda: min(BlockIter()))
spawn(lambda: min(gen_block()))
spawn(lambda: max([1, 2], key=blocking))
spawn(lambda: stackless.channel().send_sequence(gen_block_first()))
spawn(lambda: any(x == 5 for x in gen_block()))
spawn(lambda: all(gen_block()))
spawn(lambda: min([3, 1, 2], key=blocking))
spawn(lambda: max(gen_block()))
spawn(lambda: max(BlockIter()))
spawn(lambda: [x for x in enumerate(gen_block())])
spawn(lambda: [x for x in zip([1, 2], gen_block())])
spawn(lambda: [x for x in map(blocking, [1, 2])])
spawn(lambda: [x for x in map(str, gen_block())])
spawn(lambda: [x for x in filter(blocking, [1, 2])])
spawn(lambda: [x for x in filter(None, gen_block())])
spawn(lambda: sorted([3, 1, 2], key=blocking))
spawn(lambda: sorted(gen_block()))
spawn(lambda: sorted(BlockIter()))
spawn(lambda: [5, 4].sort(key=blocking))
spawn(lambda: str(S()))
spawn(lambda: repr(S()))
spawn(lambda: math.fsum(gen_block()))
spawn(lambda: math.prod(gen_block()))
spawn(lambda: sys.stdout.writelines(gen_block_str()))
# A method called through its class: the method descriptor checks self,
# then calls the method (type.c, func.c).
spawn(lambda: stackless.channel.receive(BLOCK))


# ---- the VM's helpers
class Ops:
    def __add__(self, o):
        block()

    def __iadd__(self, o):
        block()

    def __radd__(self, o):
        block()

    def __lt__(self, o):
        block()

    def __gt__(self, o):
        block()

    def __bool__(self):
        block()
        return True

    def __contains__(self, x):
        block()
        return True


class Eq:
    def __eq__(self, o):
        block()
        return True


class Len:
    def __len__(self):
        block()
        return 1


class IterOnly:
    def __iter__(self):
        block()
        return iter([1])


class GenIter:
    def __iter__(self):
        return gen_block()


class Attr:
    @property
    def p(self):
        block()

    @property
    def q(self):
        raise AttributeError("q")

    def __getattr__(self, name):
        block()


def inplace():
    a = Ops()
    a += 1


def truth(o):
    if o:
        return 1


class New:
    def __new__(cls, *args):
        block()
        return object.__new__(cls)


class NewInit:
    def __new__(cls, *args, **kw):
        return object.__new__(cls)

    def __init__(self, *args, **kw):
        block()


def body():
    class C:
        block()


def unpack1():
    a, b = gen_block()


def unpack2():
    a, *b = IterOnly()


def do_import():
    import hf_blocking_module


spawn(lambda: Ops() + 1)
spawn(inplace)
spawn(lambda: 1 + Ops())
spawn(lambda: Ops() < 1)
spawn(lambda: 1 < Ops())
spawn(lambda: Eq() != 1)
spawn(lambda: 1 != Eq())
spawn(lambda: Attr().p)
spawn(lambda: Attr().q)
spawn(truth, Ops())
spawn(truth, Len())
spawn(lambda: 1 in Ops())
spawn(lambda: 1 in IterOnly())
spawn(lambda: 5 in GenIter())
spawn(lambda: [*gen_block()])
spawn(lambda: {*gen_block()})
spawn(lambda: [*IterOnly()])
spawn(unpack1)
spawn(unpack2)
spawn(lambda: f"{S()}")
spawn(lambda: f"{S()!r}")
spawn(lambda: New())
spawn(lambda: NewInit(1, x=2))
spawn(body)
spawn(lambda: list(gen_block()))
spawn(lambda: tuple(IterOnly()))
spawn(lambda: dict((k, k) for k in gen_block()))
spawn(do_import)


# ---- builtins and container operations calling a special method (ops.h obj_start_*)
class HashB:
    def __hash__(self):
        block()
        return 1


class HashEq:
    def __hash__(self):
        return 1

    def __eq__(self, o):
        block()
        return False


class IndexB:
    def __index__(self):
        block()
        return 1


class Abs:
    def __abs__(self):
        block()


class IterEq:
    def __iter__(self):
        return iter([Eq()])


D_HE = {HashEq(): 1}
S_HE = {HashEq()}
spawn(lambda: hash(HashB()))
spawn(lambda: len(Len()))
spawn(lambda: hex(IndexB()))
spawn(lambda: [1, 2][IndexB()])
spawn(lambda: iter(IterOnly()))
spawn(lambda: abs(Abs()))
spawn(lambda: bool(Ops()))
spawn(lambda: {HashB(): 1})
spawn(lambda: {HashB()})
spawn(lambda: "-".join(gen_block_str()))
spawn(lambda: "-".join(IterOnly()))
spawn(lambda: getattr(Attr(), "p"))
spawn(lambda: getattr(Attr(), "q", 1))
spawn(lambda: hasattr(Attr(), "p"))
spawn(lambda: [Eq()].index(1))
spawn(lambda: [Eq()].count(1))
spawn(lambda: [Eq()].remove(1))
spawn(lambda: 1 in [Eq()])
spawn(lambda: 1 in (Eq(),))
spawn(lambda: {}.get(HashB()))
spawn(lambda: D_HE.get(HashEq()))
spawn(lambda: D_HE.pop(HashEq(), None))
spawn(lambda: set().add(HashB()))
spawn(lambda: HashEq() in S_HE)
spawn(lambda: max([Ops(), Ops()]))
spawn(lambda: min([Ops(), 1]))
spawn(lambda: sum([Ops()]))
spawn(lambda: [x for x in iter(int, Eq())])
spawn(lambda: "%s" % (S(),))
spawn(lambda: "%r" % S())
spawn(lambda: 1 in IterEq())
spawn(lambda: format(S(), "x"))
spawn(lambda: print([S()]))
spawn(lambda: "{}".format(S()))
spawn(lambda: f"{({1: S()},)}")


# ---- generators
def gen_catch():
    try:
        yield 1
    except ValueError:
        block()
    yield 2


def gen_finally():
    try:
        yield 1
    finally:
        block()


def g_send():
    g = gen_block()
    g.send(None)
    g.send(None)


def g_next():
    g = gen_block()
    g.__next__()
    g.__next__()


def g_throw():
    g = gen_catch()
    next(g)
    g.throw(ValueError)


def g_close():
    g = gen_finally()
    next(g)
    g.close()


class SubClose:
    def __iter__(self):
        return self

    def __next__(self):
        return 1

    def close(self):
        block()


def delegate_close():
    yield from SubClose()


def g_yield_from_close():
    g = delegate_close()
    next(g)
    g.close()


for f in (g_send, g_next, g_throw, g_close, g_yield_from_close):
    spawn(f)


# ---- tasklets and channels
class SlowExc(Exception):
    def __init__(self, *args):
        block()


def victim():
    try:
        block()
    except BaseException:
        stackless.getcurrent().tempval = None
        for t in VICTIM_OF.get(id(stackless.getcurrent()), ()):
            t.remove()
        block()


VICTIM_OF = {}


def attacker(kind, v):
    if kind == "throw":
        v.throw(ValueError)
    elif kind == "raise":
        v.raise_exception(ValueError, 1)
    elif kind == "kill":
        v.kill()
    elif kind == "throw_slow":
        v.throw(SlowExc)
    elif kind == "raise_slow":
        v.raise_exception(SlowExc)


def remover(v):
    v.remove()
    block()


def runner(how):
    v = stackless.tasklet(remover)(stackless.getcurrent())
    TASKLETS.append(v)
    if how == "run":
        v.run()
    else:
        v.switch()


for kind in ("throw", "raise", "kill", "throw_slow", "raise_slow"):
    v = spawn(victim)
    a = spawn(attacker, kind, v)
    VICTIM_OF[id(v)] = [a]
spawn(runner, "run")
spawn(runner, "switch")


def sched_once():
    stackless.schedule()


def sched_remove():
    stackless.schedule_remove()


s1 = spawn(sched_once)
spawn(remover, s1)
spawn(sched_remove)

C1 = stackless.channel()
spawn(lambda: C1.send(1))
C2 = stackless.channel()
spawn(lambda: C2.send_exception(ValueError, 1))
C3 = stackless.channel()
spawn(lambda: C3.send_throw(ValueError))
spawn(lambda: stackless.channel().send_exception(SlowExc))
spawn(lambda: stackless.channel().send_throw(SlowExc))
spawn(lambda: stackless.channel().send_sequence([1, 2]))
spawn(lambda: stackless.channel().send_sequence(gen_block()))
spawn(lambda: stackless.channel().send_sequence(IterOnly()))
spawn(lambda: [x for x in stackless.channel()])
spawn(lambda: stackless.channel().__next__())

# Not started: the start record at its entry.
t = spawn(print, "never")
t.remove()


# ---- sorts suspended at many comparisons
def lcg(n, seed):
    out = []
    x = seed
    for i in range(n):
        x = (x * 1103515245 + 12345) % 2147483648
        out.append(x % 1000)
    return out


PATTERNS = {
    "random": lambda: lcg(300, 7),
    "gallop": lambda: list(range(0, 150)) + list(range(75, 225)) + list(range(500, 400, -1)),
    "runs": lambda: [i % 37 for i in range(200)] + list(range(300, 0, -3)),
    "dups": lambda: [x % 5 for x in lcg(260, 3)],
}


def sorter(k, values, how):
    count = [0]

    class Item:
        def __init__(self, v):
            self.v = v

        def __lt__(self, other):
            count[0] += 1
            if count[0] == k:
                block()
            return self.v < other.v

    data = [Item(x) for x in values]
    SORTS.append(list(data))

    def run():
        if how == "sorted":
            sorted(data)
        elif how == "key":
            sorted(data, key=lambda it: it)
        elif how == "reverse":
            sorted(data, reverse=True)
        else:
            data.sort()

    return run


HOW = ("sorted", "key", "reverse", "sort")
for name, pattern in PATTERNS.items():
    for i, k in enumerate(list(range(1, 60, 7)) + list(range(60, 3000, 41))):
        spawn(sorter(k, pattern(), HOW[i % 4]))

stackless.run()
