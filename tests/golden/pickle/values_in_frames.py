# A paused tasklet holding values of many kinds in its locals (shared references, cycles, instances, bound methods, classes, closures, generators, iterators) is pickled; the copy sees them intact.
import pickle
import stackless

class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y
    def norm2(self):
        return self.x * self.x + self.y * self.y
    def __repr__(self):
        return "Point(%r, %r)" % (self.x, self.y)

class Tagged(Point):
    tag = "class attribute"

def body():
    p = Point(3, 4)
    same = [p, p, (p,)]
    cycle = [1]
    cycle.append(cycle)
    d = {"k": (1, 2.5, "s", b"b\x00", None, True, -0.0, float("inf")), 3: frozenset({1, 2})}
    d["self"] = d
    s = {1, 2, 3}
    r = range(2, 20, 3)
    sl = slice(1, None, 2)
    meth = p.norm2
    cls = Tagged
    inst = Tagged(1, 1)
    add = lambda a, b: a + b
    def inner():
        return p.x + 100
    builtin = len
    bound_builtin = cycle.append
    done_gen = (i for i in range(2))
    list(done_gen)
    fresh_gen = (i * i for i in range(3))
    half_gen = (c for c in "xyz")
    next(half_gen)
    it = iter([10, 20, 30])
    next(it)
    dict_it = iter({"a": 1, "b": 2}.items())
    next(dict_it)
    big = 2 ** 62
    text = "naïve"
    err = KeyError("missing", 1)
    stackless.schedule_remove()
    print("p", p, "norm2 via bound method", meth(), "self", meth.__self__ is p)
    print("same", same, same[0] is same[1], same[2][0] is p)
    print("cycle", cycle, cycle[1] is cycle)
    print("d", d["k"], d[3], d["self"] is d)
    print("s", s, "r", r, list(r), "slice", sl)
    print("class", cls is Tagged, cls.tag, cls.__name__, "instance", inst, type(inst) is Tagged,
          isinstance(inst, Point))
    print("lambda", add(2, 3), "closure", inner(), "builtin", builtin([1, 2]))
    bound_builtin(99)
    print("bound builtin appended to the cycle list:", cycle[-1], bound_builtin.__self__ is cycle)
    print("generators", list(done_gen), list(fresh_gen), list(half_gen))
    print("iterators", next(it), list(it), list(dict_it))
    print("big", big, "text", text, len(text), "exception", repr(err), err.args)
    p.x = 6
    print("the closure sees the same p:", inner(), meth())

t = stackless.tasklet(body)()
stackless.run()
t = pickle.loads(pickle.dumps(t))
t.insert()
stackless.run()
print("done", t.alive)
