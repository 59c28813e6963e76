# generator.send: the value becomes the result of the yield expression.
def accumulator():
    total = 0
    while True:
        value = yield total
        if value is None:
            break
        total += value
    yield "final %d" % total
acc = accumulator()
print(acc.send(None))
print(acc.send(10))
print(acc.send(5))
print(next(acc))
def echo():
    received = yield "ready"
    while True:
        received = yield "echo: " + str(received)
e = echo()
print(next(e), e.send(1), e.send("two"))
try:
    echo().send(5)
except TypeError as err:
    print("TypeError:", err)
