# Generator methods check their arguments: __next__/__iter__ take none, close none, send exactly one, no keywords.
def g2():
    yield 1
    return 5


def attempt(label, fn):
    try:
        print(label, "->", fn())
    except (TypeError, AttributeError) as e:
        print(label, "!!", type(e).__name__, e)


g = g2()
attempt("__next__(1)", lambda: g.__next__(1))
attempt("__next__(x=1)", lambda: g.__next__(x=1))
attempt("__iter__(1)", lambda: g.__iter__(1))
attempt("__iter__() is g", lambda: g.__iter__() is g)
attempt("send()", lambda: g.send())
attempt("send(1, 2)", lambda: g.send(1, 2))
attempt("send(value=None)", lambda: g.send(value=None))
attempt("throw()", lambda: g.throw())
attempt("throw(typ=ValueError)", lambda: g.throw(typ=ValueError))
attempt("close(1)", lambda: g.close(1))
attempt("close(x=1)", lambda: g.close(x=1))
attempt("__next__()", lambda: g.__next__())
attempt("__name__ = 5", lambda: setattr(g, "__name__", 5))
attempt("del __qualname__", lambda: delattr(g, "__qualname__"))
attempt("__name__ = 'renamed'", lambda: setattr(g, "__name__", "renamed"))
print(g.__name__, g.__qualname__)
attempt("other attribute", lambda: setattr(g, "x", 1))
attempt("close()", lambda: g.close())
