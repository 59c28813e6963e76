# try/finally inside generators with return; yield inside try/except.
def g():
    try:
        yield 1
        return 2
    finally:
        print("finally runs on return")
gen = g()
print(next(gen))
try:
    next(gen)
except StopIteration as e:
    print("returned", e.value)
def guarded(xs):
    for x in xs:
        try:
            yield 10 // x
        except ZeroDivisionError:
            yield "div by zero"
print(list(guarded([1, 0, 5])))
