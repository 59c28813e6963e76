# GeneratorExit (close() or throw()) on a generator in `yield from` closes the sub-iterator, then is raised in the delegating generator; what closing raises is raised there instead
class Sub:
    def __init__(self, name, close_error=None):
        self.name = name
        self.close_error = close_error

    def __iter__(self):
        return self

    def __next__(self):
        return self.name

    def throw(self, *args):
        print("  never called:", self.name, "throw", args)

    def close(self):
        print("  %s.close()" % self.name)
        if self.close_error is not None:
            raise self.close_error


class NoClose:
    def __iter__(self):
        return self

    def __next__(self):
        return "noclose"


class BadAttr(NoClose):
    def __getattr__(self, name):
        raise ValueError("no attribute %s here" % name)

    def __repr__(self):
        return "<BadAttr>"


def delegate(it):
    try:
        yield from it
    except GeneratorExit as e:
        print("  delegate: GeneratorExit", repr(e))
        raise
    except Exception as e:
        print("  delegate caught", repr(e))
        yield "after close error"


print("-- close()")
g = delegate(Sub("a"))
print(next(g))
g.close()
print("closed", g.gi_frame is None)

print("-- throw(GeneratorExit)")
g = delegate(Sub("b"))
next(g)
try:
    g.throw(GeneratorExit("bye"))
except GeneratorExit as e:
    print("throw raised", repr(e))

print("-- no close method")
g = delegate(NoClose())
next(g)
g.close()

print("-- looking close up fails: written as unraisable, ignored")
g = delegate(BadAttr())
next(g)
g.close()

print("-- looking throw up fails: the throw fails, the generator goes on")
g = delegate(BadAttr())
next(g)
try:
    g.throw(KeyError("k"))
except ValueError as e:
    print("throw raised", repr(e))
print(next(g))
g.close()

print("-- close() raises")
g = delegate(Sub("c", IndexError("close failed")))
next(g)
try:
    g.close()
except RuntimeError as e:
    print("close raised", repr(e))

print("-- close() raises StopIteration")
g = delegate(Sub("d", StopIteration("stop")))
next(g)
try:
    g.close()
except RuntimeError as e:
    print("close raised", repr(e))


def stop_plain(it):
    yield from it


g = stop_plain(Sub("e", StopIteration("stop")))
next(g)
try:
    g.close()
except RuntimeError as e:
    print("close raised", repr(e), "from", repr(e.__cause__))


print("-- sub-generators")


def ignores():
    try:
        yield 1
    except GeneratorExit:
        print("  ignores: GeneratorExit, yields again")
        yield 2


def returns():
    try:
        yield 1
    except GeneratorExit:
        print("  returns: GeneratorExit, returns")
        return "ignored value"


g = delegate(ignores())
next(g)
try:
    g.close()
except RuntimeError as e:
    print("close raised", repr(e))

g = delegate(returns())
next(g)
try:
    g.throw(GeneratorExit)
except GeneratorExit as e:
    print("throw raised", repr(e))
print(next(g, "exhausted"))
