# math.fsum and math.prod consume user iterators and generators that switch tasklets (schedule, channels) in __next__.
import math
import stackless

log = []


class Sched:
    def __init__(self, items, tag):
        self.items = list(items)
        self.tag = tag

    def __iter__(self):
        return self

    def __next__(self):
        stackless.schedule()
        if not self.items:
            raise StopIteration
        x = self.items.pop(0)
        log.append((self.tag, x))
        return x


class Chan:
    def __init__(self, ch):
        self.ch = ch

    def __iter__(self):
        return self

    def __next__(self):
        x = self.ch.receive()
        if x is None:
            raise StopIteration
        if x == "fail":
            raise ValueError("fed a failure")
        return x


def gen_sched(items):
    for x in items:
        stackless.schedule()
        log.append(("gen", x))
        yield x


def other():
    for i in range(6):
        log.append(("other", i))
        stackless.schedule()


def worker(label, f):
    try:
        print(label, f())
    except Exception as e:
        print(label, type(e).__name__, e)


def feeder(ch, items):
    for x in items:
        ch.send(x)


jobs = [
    ("fsum", lambda: math.fsum(Sched([0.5, 1.5, 2.0], "fsum"))),
    ("prod", lambda: math.prod(Sched([2, 3, 4], "prod"))),
    ("fsum gen", lambda: math.fsum(gen_sched([0.25, 0.75]))),
    ("prod gen", lambda: math.prod(gen_sched([5, 6]), start=2)),
]
for label, f in jobs:
    stackless.tasklet(worker)(label, f)
    stackless.tasklet(other)()
    stackless.run()
    print(log)
    log.clear()

ch = stackless.channel()
for label, f, items in [
    ("fsum chan", lambda: math.fsum(Chan(ch)), [1.0, 2.0, 3.5, None]),
    ("prod chan", lambda: math.prod(Chan(ch)), [7, 8, None]),
    ("fsum chan fails", lambda: math.fsum(Chan(ch)), [1.0, "fail"]),
    ("prod chan fails", lambda: math.prod(Chan(ch)), [2, "fail"]),
]:
    stackless.tasklet(worker)(label, f)
    stackless.tasklet(feeder)(ch, items)
    stackless.run()
