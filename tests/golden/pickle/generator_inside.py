# A tasklet suspended inside a generator (driven by a for loop, by next() and by send()), pickled there and continued.
import pickle
import stackless

def counter(n):
    for i in range(n):
        stackless.schedule_remove()
        print("  generator resumes at", i)
        yield i

def accumulator():
    total = 0
    while True:
        got = yield total
        stackless.schedule_remove()
        if got is None:
            return total
        total += got

def body():
    for v in counter(3):
        print("for got", v)
    g = counter(2)
    print("next got", next(g))
    print("next got", next(g))
    print("next default", next(g, "end"))
    acc = accumulator()
    next(acc)
    print("send got", acc.send(5))
    print("send got", acc.send(7))
    try:
        acc.send(None)
    except StopIteration as e:
        print("accumulator returned", e.value)

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
