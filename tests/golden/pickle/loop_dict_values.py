# A for loop over a dict's values() view, pickled at every value while suspended.
import pickle
import stackless

def walk(d):
    total = 0
    for v in d.values():
        total += v
        print("value", v, "total", total)
        stackless.schedule_remove()
    print("done", total)

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

print("pickled", pump(stackless.tasklet(walk)({"c": 30, "a": 10, "b": 20})), "times")
