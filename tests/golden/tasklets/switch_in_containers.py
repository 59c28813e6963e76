# Special methods switch tasklets while dict/set/list methods, subscripts, displays and other builtins call them.
import stackless

switches = [0]
def ticker():
    while True:
        switches[0] += 1
        stackless.schedule()

def pause():
    stackless.schedule()

class Key:
    def __init__(self, k):
        self.k = k
    def __hash__(self):
        pause()
        return hash(self.k) % 3  # collisions: __eq__ runs too
    def __eq__(self, other):
        pause()
        return isinstance(other, Key) and self.k == other.k
    def __repr__(self):
        pause()
        return "Key(%r)" % (self.k,)

class Num:
    def __init__(self, v):
        self.v = v
    def __index__(self):
        pause()
        return self.v
    def __abs__(self):
        pause()
        return -self.v
    def __round__(self, n=None):
        pause()
        return ("round", self.v, n)
    def __int__(self):
        pause()
        return self.v * 100
    def __float__(self):
        pause()
        return self.v / 4

class Obj:
    @property
    def size(self):
        pause()
        return 3
    @size.setter
    def size(self, v):
        pause()
        self._size = v
    def __getattr__(self, name):
        pause()
        if name.startswith("no"):
            raise AttributeError(name)
        return name.upper()

class Flag:
    def __init__(self, v):
        self.v = v
    def __bool__(self):
        pause()
        return self.v

def gen(items):
    for x in items:
        pause()
        yield x

out = []
def user():
    d = {Key(1): "one", Key(2): "two", Key(4): "four"}
    out.append(("getitem", d[Key(4)]))
    d[Key(5)] = "five"
    d[Key(1)] = "ONE"
    del d[Key(2)]
    out.append(("get", d.get(Key(1)), d.get(Key(7), "none")))
    out.append(("setdefault", d.setdefault(Key(5), "x"), d.setdefault(Key(6), "six")))
    out.append(("pop", d.pop(Key(4)), d.pop(Key(8), "dflt")))
    out.append(("in", Key(6) in d, Key(2) in d))
    try:
        d[Key(9)]
    except KeyError as e:
        out.append(("KeyError", repr(e.args[0])))
    out.append(("dict", sorted((k.k, v) for k, v in d.items())))
    s = {Key(1), Key(2), Key(4), Key(1)}
    s.add(Key(7))
    s.discard(Key(2))
    s.remove(Key(4))
    out.append(("set", sorted(k.k for k in s), Key(7) in s, Key(2) in s))
    items = [Key(3), Key(6), Key(3), Key(9)]
    out.append(("list", items.index(Key(3), 1), items.count(Key(3)), Key(9) in items, Key(5) in tuple(items)))
    items.remove(Key(6))
    out.append(("remove", [k.k for k in items]))
    out.append(("index", "abcdef"[Num(2)], [10, 20, 30][Num(1)], hex(Num(255)), chr(Num(66))))
    out.append(("abs/round", abs(Num(4)), round(Num(2)), round(Num(2), 1)))
    out.append(("%", "%d|%x|%.2f|%r" % (Num(3), Num(1), Num(2), Key("k"))))
    o = Obj()
    setattr(o, "size", 10)
    out.append(("attr", getattr(o, "size"), o._size, getattr(o, "colour"), getattr(o, "nothing", "dflt"), hasattr(o, "nope"), hasattr(o, "yes")))
    out.append(("join", "-".join(gen(["a", "b", "c"])), ",".join(str(k.k) for k in gen([Key(1)]))))
    lst = [0]
    lst.extend(gen([1, 2]))
    out.append(("extend", lst))
    flags = [Flag(False), Flag(True), Flag(False)]
    out.append(("truth", any(flags), all(flags), len(list(filter(None, gen(flags)))), bool(Flag(True))))
    out.append(("iter", list(iter(gen([5, 6]))), list(iter(lambda: next(it_sent), Key(3)))))

it_sent = iter([Key(1), Key(2), Key(3), Key(4)])
t = stackless.tasklet(ticker)()
stackless.tasklet(user)()
while not out or out[-1][0] != "iter":
    stackless.schedule()
t.kill()
for entry in out:
    print(entry)
print("ticker ran:", switches[0] > 50)
