# math.fsum calls __float__ and math.prod calls __mul__/__rmul__ of user numbers that switch tasklets inside.
import math
import stackless

log = []


class Num:
    def __init__(self, v):
        self.v = v

    def __float__(self):
        stackless.schedule()
        log.append(("float", self.v))
        if self.v == "bad":
            return 1
        return float(self.v)

    def __mul__(self, o):
        stackless.schedule()
        log.append(("mul", self.v))
        if o == "raise":
            raise ArithmeticError("no product")
        return Num(self.v * (o.v if isinstance(o, Num) else o))

    def __rmul__(self, o):
        stackless.schedule()
        log.append(("rmul", self.v))
        return Num(o * self.v)

    def __repr__(self):
        return "Num(%r)" % self.v


def other():
    for i in range(4):
        log.append(("other", i))
        stackless.schedule()


def worker(label, f):
    try:
        print(label, f())
    except Exception as e:
        print(label, type(e).__name__, e)


for label, f in [
    ("fsum list", lambda: math.fsum([Num(1), 0.5, Num(2)])),
    ("fsum gen", lambda: math.fsum(Num(i) for i in range(2))),
    ("fsum non-float", lambda: math.fsum([Num("bad")])),
    ("prod list", lambda: math.prod([Num(2), Num(3)])),
    ("prod rmul", lambda: math.prod([2, Num(3)])),
    ("prod gen", lambda: math.prod(Num(i) for i in range(1, 3))),
    ("prod start", lambda: math.prod([4], start=Num(2))),
    ("prod raises", lambda: math.prod([Num(2), "raise"])),
]:
    stackless.tasklet(worker)(label, f)
    stackless.tasklet(other)()
    stackless.run()
    print(log)
    log.clear()
