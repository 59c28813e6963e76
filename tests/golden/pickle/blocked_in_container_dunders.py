# A tasklet pickled while suspended inside __eq__ called by list.index/count/remove and `in`, and inside __hash__/__eq__ called by dict and set operations; the copies finish the operations.
import pickle
import stackless

class Key:
    def __init__(self, k):
        self.k = k
    def __hash__(self):
        stackless.schedule_remove()
        print("  __hash__", self.k)
        return self.k % 2  # keys collide: __eq__ runs in lookups too
    def __eq__(self, other):
        stackless.schedule_remove()
        print("  __eq__", self.k, other.k)
        return self.k == other.k
    def __repr__(self):
        return "Key(%d)" % self.k

def body():
    items = [Key(1), Key(2), Key(3), Key(2)]
    print("index", items.index(Key(3)))
    print("count", items.count(Key(2)))
    print("in", Key(4) in items)
    items.remove(Key(2))
    print("remove", items)
    d = {Key(1): "a"}
    d[Key(3)] = "c"
    print("get", d.get(Key(3)), d.get(Key(5), "none"))
    print("pop", d.pop(Key(1)), d)
    s = {Key(2)}
    s.add(Key(4))
    print("set", Key(4) in s, len(s))

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

print("pickled", pump(stackless.tasklet(body)()), "times")
