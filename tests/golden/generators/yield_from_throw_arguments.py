# throw() through `yield from` hands its arguments unchanged to a sub-iterator's throw method, also generators deep; bad arguments are the innermost generator's failure
class Sub:
    def __iter__(self):
        return self

    def __next__(self):
        return "next"

    def throw(self, *args):
        print("  Sub.throw got", args)
        if args[0] is KeyError:
            raise StopIteration("returned by throw")
        return "yielded by throw"


def middle():
    r = yield from Sub()
    print("  middle: yield from returned", r)
    return "middle done"


def top():
    while True:
        r = yield from middle()
        print("  top: middle returned", r)


g = top()
print(next(g))
print(g.throw(ValueError))
print(g.throw(ValueError, "v"))
print(g.throw(ValueError, ("a", "b")))
print(g.throw(ValueError, None, None))
print(g.throw(ValueError("instance")))
print(g.throw(42))
print(g.throw(KeyError))
g.close()


# Without a sub-iterator: the arguments make the exception, or fail the
# throw before the generator runs (it stays suspended or unstarted).
def plain():
    try:
        yield 1
        yield 2
    except ValueError as e:
        print("  plain caught", repr(e), e.args)
        yield 3


g = plain()
for bad in [(42,), (ValueError("x"), "separate"), (ValueError, None, "not a traceback")]:
    try:
        g.throw(*bad)
    except TypeError as e:
        print("unstarted:", e)
print(next(g))
for bad in [(42,), (ValueError("x"), "separate")]:
    try:
        g.throw(*bad)
    except TypeError as e:
        print("suspended:", e)
print(next(g))
print(g.throw(ValueError, ("a", "b")))
g.close()


class NotAnException(Exception):
    def __new__(cls, *args):
        return 7


g = plain()
next(g)
try:
    g.throw(NotAnException)
except TypeError as e:
    print("raised in the generator:", e)
print(next(g, "finished"))


# A failed throw two generators deep is raised in the delegating one.
def inner():
    yield "inner"


def outer():
    try:
        yield from inner()
    except TypeError as e:
        print("  outer caught", e)
        yield "outer"


g = outer()
print(next(g))
print(g.throw(ValueError("x"), 1))
g.close()
