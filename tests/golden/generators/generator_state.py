# A generator cannot be re-entered while running; exceptions end it.
def selfref():
    yield next(me)
me = selfref()
try:
    next(me)
except ValueError as e:
    print("ValueError:", e)
def fails():
    yield 1
    raise ValueError("inside generator")
    yield 2
f = fails()
print(next(f))
try:
    next(f)
except ValueError as e:
    print("ValueError:", e)
print(next(f, "exhausted"))
def stop_inside():
    yield 1
    raise StopIteration("explicit")
try:
    list(stop_inside())
except RuntimeError as e:
    print("RuntimeError:", e)
