# exceptions raised by user callbacks (key=, __init__, __eq__, __next__, __repr__, __hash__) propagate out of builtin helpers
def key(x):
    if x == 3: raise ValueError("bad key %d" % x)
    return -x
try:
    sorted([1,2,3,4], key=key)
except ValueError as e:
    print("sorted", e)
l = [5,1,3]
try:
    l.sort(key=key)
except ValueError as e:
    print("sort", e, l)

class A:
    def __init__(self, v):
        if v < 0: raise ValueError("neg")
        self.v = v
try:
    A(-1)
except ValueError as e:
    print("init", e)
class E:
    def __init__(self, v): self.v = v
    def __eq__(self, o):
        if o == 2: raise KeyError("eq%d" % self.v)
        return False
try:
    print(2 in [E(1), E(2)])
except KeyError as e:
    print("in", e)
try:
    print(E(7) in [1, 2, 3])
except KeyError as e:
    print("in2", e)
try:
    print([1,2,3].index(E(8)))
except KeyError as e:
    print("index", e)
try:
    print([1,2,3].count(E(9)))
except KeyError as e:
    print("count", e)
try:
    print((1,2,3).index(E(10)))
except KeyError as e:
    print("tindex", e)

class It:
    def __init__(self): self.i = 0
    def __iter__(self): return self
    def __next__(self):
        self.i += 1
        if self.i == 3: raise ZeroDivisionError("it%d" % self.i)
        return self.i
for fn in (list, sum, tuple, set, sorted, min, max, any, all, enumerate, dict.fromkeys):
    try:
        r = fn(It())
        if fn is enumerate: r = list(r)
        print(fn.__name__, r)
    except ZeroDivisionError as e:
        print(fn.__name__, "ZDE", e)
try:
    print(list(map(lambda x: x*2, It())))
except ZeroDivisionError as e:
    print("map", e)
try:
    print(list(map(lambda x: 1/(x-2), [1,2,3])))
except ZeroDivisionError as e:
    print("map2", e)
try:
    print(list(filter(lambda x: 1/(x-2), [1,2,3])))
except ZeroDivisionError as e:
    print("filter", e)
try:
    print(list(zip([1,2,3], It())))
except ZeroDivisionError as e:
    print("zip", e)
try:
    print(" ".join(str(x) for x in It()))
except ZeroDivisionError as e:
    print("join", e)
try:
    a, b, c = It()
except ZeroDivisionError as e:
    print("unpack", e)
try:
    print([*It()])
except ZeroDivisionError as e:
    print("star", e)
try:
    print(max([1,2,3], key=lambda x: 1/(x-3)))
except ZeroDivisionError as e:
    print("maxkey", e)
try:
    print(min(E(1), E(2)))
except TypeError as e:
    print("minTE", e)
class R:
    def __repr__(self): raise IndexError("repr")
try:
    print([R()])
except IndexError as e:
    print("repr", e)
try:
    print(f"{R()!r}")
except IndexError as e:
    print("fstr", e)
class S:
    def __str__(self): raise IndexError("str")
try:
    print(S())
except IndexError as e:
    print("print", e)
try:
    print("%s" % S())
except IndexError as e:
    print("pct", e)
class H:
    def __hash__(self): raise OSError("hash")
try:
    {H(): 1}
except OSError as e:
    print("hash", e)
try:
    print(H() in {1: 2})
except OSError as e:
    print("hash in", e)
