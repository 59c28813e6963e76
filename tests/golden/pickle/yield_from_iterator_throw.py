# A tasklet pickled while inside a sub-iterator's throw() and close() methods, reached through `yield from` (also two generators deep); the copies complete them.
import pickle
import stackless

class Sub:
    def __init__(self, tag):
        self.tag = tag
        self.n = 0
    def __iter__(self):
        return self
    def __next__(self):
        self.n += 1
        return "%s%d" % (self.tag, self.n)
    def throw(self, exc):
        stackless.schedule_remove()
        print("  %s.throw(%r) at %d" % (self.tag, exc, self.n))
        if isinstance(exc, KeyError):
            raise StopIteration("%s returned" % self.tag)
        if isinstance(exc, IndexError):
            raise ValueError("%s re-raised %r" % (self.tag, exc))
        return "%s thrown %d" % (self.tag, self.n)
    def close(self):
        stackless.schedule_remove()
        print("  %s.close() at %d" % (self.tag, self.n))

def middle(tag):
    try:
        r = yield from Sub(tag)
        print("  middle(%s): yield from returned %r" % (tag, r))
        yield "middle %s after" % tag
    finally:
        print("  middle(%s): finally" % tag)

def top():
    for tag in "ab":
        try:
            yield from middle(tag)
        except ValueError as e:
            print("  top caught", repr(e))
    yield from middle("c")

def driver():
    g = top()
    print("next:", next(g))
    print("throw:", g.throw(TypeError("t")))
    print("next:", next(g))
    print("throw:", g.throw(KeyError("k")))
    print("next:", next(g))
    print("throw:", g.throw(IndexError("i")))
    g.close()
    print("closed:", g.gi_frame is None)

def pump(t):
    """Run t; whenever it pauses, pickle it, load the copy and go on with the copy."""
    count = 0
    while True:
        stackless.run()
        if not t.alive:
            return count
        t = pickle.loads(pickle.dumps(t))
        count += 1
        t.insert()

print("pickled", pump(stackless.tasklet(driver)()), "times")
