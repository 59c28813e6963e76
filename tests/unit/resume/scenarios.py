# Tasklets left switched out in the chain shapes of docs/RESUME.md, for
# test_resume.c (which checks them with resume_check and then breaks them).
import stackless

ch = stackless.channel()


def gen_items():
    for i in range(3):
        yield ch.receive()


def key(x):
    return sum(map(lambda v: v * x, gen_items()))


def in_sorted_key():
    sorted([1, 2], key=key)


def inner():
    while True:
        try:
            yield 1
        except KeyError:
            ch.receive()


def outer():
    yield from inner()


def in_yield_from_throw():
    g = outer()
    next(g)
    g.throw(KeyError("k"))


def counter():
    while True:
        yield ch.receive()


def in_for_loop():
    for v in counter():
        pass


class Slow:
    def __init__(self):
        self.v = ch.receive()


def in_init():
    Slow()


def sink():
    while True:
        x = yield
        ch.receive()


SINK = sink()
next(SINK)


def in_send():
    SINK.send(5)


def busy():
    i = 0
    while True:
        i += 1
        yield i


def preempted():
    for v in busy():
        pass


def unused():
    pass


TASKLETS = {}
for name, f in [("sorted_key", in_sorted_key), ("yield_from_throw", in_yield_from_throw),
                ("for_loop", in_for_loop), ("init", in_init), ("send", in_send)]:
    TASKLETS[name] = stackless.tasklet(f)()
stackless.run()
t = stackless.tasklet(preempted)()
while True:
    r = stackless.run(50)
    if r is t:
        break
TASKLETS["preempted"] = t
TASKLETS["unstarted"] = stackless.tasklet(unused)()
TASKLETS["unstarted"].remove()
