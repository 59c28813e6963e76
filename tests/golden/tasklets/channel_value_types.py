# Any object travels through a channel unchanged: identity is preserved.
import stackless

ch = stackless.channel()
class Box:
    def __init__(self, v):
        self.v = v

box = Box(5)
fn = lambda x: x * 2
values = [None, 0, -3, 2.5, "text", b"bytes", (1, (2, 3)), [4, 5], {"k": [1]}, {7}, box, fn, ch]

def echo():
    for v in values:
        ch.send(v)

stackless.tasklet(echo)()
for v in values:
    got = ch.receive()
    print(type(got).__name__, got is v)
print(box.v, fn(21))
