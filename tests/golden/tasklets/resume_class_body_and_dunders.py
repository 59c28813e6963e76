# A tasklet blocks inside a class body, a property getter, __eq__ called by ==, __getitem__ and a with block's __enter__ in a generator.
import stackless

ch = stackless.channel()

def make_class():
    class Point:
        print("class body waits")
        scale = ch.receive()
        print("class body got", scale)
        def __init__(self, x):
            self.x = x
        @property
        def scaled(self):
            return self.x * ch.receive()
        def __eq__(self, other):
            ch.receive()
            return isinstance(other, Point) and self.x == other.x
        def __getitem__(self, i):
            return self.x + i + ch.receive()
    return Point

class Mgr:
    def __enter__(self):
        return ch.receive()
    def __exit__(self, *a):
        print("exit")
        return False

def gen():
    with Mgr() as v:
        yield v

def work():
    P = make_class()
    print("scale", P.scale)
    p = P(4)
    print("scaled", p.scaled)
    print("eq", P(2) == P(2), P(1) == P(3))
    print("item", p[10])
    print("gen", list(gen()))

stackless.tasklet(work)()
stackless.run()
for v in [3, 5, 0, 0, 0, 7, 11]:
    if ch.balance < 0:
        ch.send(v)
print("done")
