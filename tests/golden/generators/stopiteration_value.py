# A generator's return value travels in StopIteration.value.
def gen():
    yield 1
    return "the value"
g = gen()
next(g)
try:
    next(g)
except StopIteration as e:
    print("value:", e.value, e.args)
def empty_return():
    return
    yield
try:
    next(empty_return())
except StopIteration as e:
    print("value:", e.value)
e = StopIteration(42)
print(e.value, repr(e))
