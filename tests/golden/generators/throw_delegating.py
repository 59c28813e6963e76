# throw() on a generator suspended in `yield from` is forwarded to the sub-generator
def inner():
    try:
        yield 1
    except ValueError as e:
        print("inner caught", e)
        yield 99
    return "inner done"


def outer():
    r = yield from inner()
    print("outer got", r)
    yield 3


g = outer()
print(next(g))
print(g.throw(ValueError("boom")))
print(next(g))
print(next(g, "exhausted"))
