# math.fsum and math.prod over user iterators, iterables, generators and user numbers, including every error path.
import math


class Count:
    def __init__(self, n, fail_at=None):
        self.i = 0
        self.n = n
        self.fail_at = fail_at

    def __iter__(self):
        return self

    def __next__(self):
        if self.i == self.fail_at:
            raise ValueError("boom at %d" % self.i)
        if self.i >= self.n:
            raise StopIteration
        self.i += 1
        return self.i


class Iterable:
    def __init__(self, n):
        self.n = n

    def __iter__(self):
        return Count(self.n)


class BadIter:
    def __iter__(self):
        return 5


class IterRaises:
    def __iter__(self):
        raise KeyError("no iter")


class Num:
    def __init__(self, v):
        self.v = v

    def __float__(self):
        return float(self.v)

    def __mul__(self, other):
        if isinstance(other, str):
            return NotImplemented
        return Num(self.v * (other.v if isinstance(other, Num) else other))

    def __rmul__(self, other):
        return Num(other * self.v)

    def __repr__(self):
        return "Num(%r)" % self.v


class BadFloat:
    def __float__(self):
        return 1


class FloatRaises:
    def __float__(self):
        raise ArithmeticError("no float")


class MulRaises:
    def __mul__(self, other):
        raise ArithmeticError("no product")

    __rmul__ = __mul__


def gen(n):
    for i in range(n):
        yield i + 0.5


def gen_raises():
    yield 1.0
    raise IndexError("gen failed")


for label, f in [
    ("fsum Count", lambda: math.fsum(Count(4))),
    ("fsum Iterable", lambda: math.fsum(Iterable(5))),
    ("fsum gen", lambda: math.fsum(gen(4))),
    ("fsum map", lambda: math.fsum(map(float, Count(3)))),
    ("fsum list of Num", lambda: math.fsum([Num(1), 0.25, Num(2.5)])),
    ("fsum tuple of Num", lambda: math.fsum((Num(1), Num(1e100), Num(1), Num(-1e100)))),
    ("fsum gen of Num", lambda: math.fsum(Num(i) for i in range(3))),
    ("prod Count", lambda: math.prod(Count(5))),
    ("prod Iterable start", lambda: math.prod(Iterable(4), start=2)),
    ("prod gen", lambda: math.prod(gen(3))),
    ("prod list of Num", lambda: math.prod([Num(2), 3, Num(4)])),
    ("prod Num start", lambda: math.prod([2, 3], start=Num(5))),
    ("prod range Num start", lambda: math.prod(range(1, 4), start=Num(1))),
    ("prod gen of Num", lambda: math.prod(Num(i + 1) for i in range(3))),
    ("fsum fails", lambda: math.fsum(Count(5, fail_at=2))),
    ("prod fails", lambda: math.prod(Count(5, fail_at=3))),
    ("fsum gen fails", lambda: math.fsum(gen_raises())),
    ("prod gen fails", lambda: math.prod(gen_raises())),
    ("fsum bad iter", lambda: math.fsum(BadIter())),
    ("prod bad iter", lambda: math.prod(BadIter())),
    ("fsum iter raises", lambda: math.fsum(IterRaises())),
    ("prod iter raises", lambda: math.prod(IterRaises())),
    ("fsum not a number", lambda: math.fsum(iter(["a"]))),
    ("fsum __float__ returns int", lambda: math.fsum([1.0, BadFloat()])),
    ("fsum __float__ raises", lambda: math.fsum(iter([FloatRaises()]))),
    ("prod __mul__ raises", lambda: math.prod([2, MulRaises()])),
    ("prod no __mul__", lambda: math.prod([Num(2), "x"])),
    ("prod str start", lambda: math.prod(Count(2), start="x")),
]:
    try:
        print(label, f())
    except Exception as e:
        print(label, type(e).__name__, e)
