# A yield from chain three generators deep, pickled while suspended in the innermost one; sent values and return values cross the chain.
import pickle
import stackless

def leaf(tag, n):
    for i in range(n):
        got = yield "%s%d" % (tag, i)
        stackless.schedule_remove()
        print("  leaf", tag, "got", got)
    return tag * 2

def middle():
    r1 = yield from leaf("a", 2)
    print("  middle: first leaf returned", r1)
    r2 = yield from leaf("b", 1)
    return r1 + r2

def top():
    r = yield from middle()
    print("  top: middle returned", r)
    return r.upper()

def driver():
    g = top()
    v = g.send(None)
    n = 0
    try:
        while True:
            n += 1
            print("driver got", v)
            v = g.send(n)
    except StopIteration as e:
        print("driver: chain returned", e.value)

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
