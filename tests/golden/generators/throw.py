# generator.throw raises inside the generator at the paused yield.
def worker():
    while True:
        try:
            x = yield
            print("got", x)
        except ValueError as e:
            print("worker handled", e)
            yield "recovered"
w = worker()
next(w)
w.send(1)
print(w.throw(ValueError("bad input")))
next(w)
w.send(2)
try:
    w.throw(KeyError("not handled"))
except KeyError as e:
    print("propagated", repr(e))
try:
    next(w)
except StopIteration:
    print("generator is finished after the exception")
def fresh():
    yield 1
try:
    fresh().throw(RuntimeError("before start"))
except RuntimeError as e:
    print("RuntimeError:", e)
