# yield from delegates iteration, send and return values to a subgenerator.
def inner():
    x = yield "inner 1"
    print("inner received", x)
    yield "inner 2"
    return "inner result"
def outer():
    result = yield from inner()
    print("outer got", result)
    yield from [10, 20]
    yield from range(2)
    return "outer done"
g = outer()
print(next(g))
print(g.send("hello"))
print(list(g))
def flatten(items):
    for item in items:
        if isinstance(item, list):
            yield from flatten(item)
        else:
            yield item
print(list(flatten([1, [2, [3, [4]], 5], [[6]]])))
def driver():
    r = yield from outer()
    yield r
print(list(driver()))
