# A for loop over a set of small ints, pickled at every element while suspended: each element is seen once.
import pickle
import stackless

def walk(s):
    seen = []
    for x in s:
        seen.append(x)
        print("element", x)
        stackless.schedule_remove()
    print("done", sorted(seen) == sorted(s), len(seen))

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

print("pickled", pump(stackless.tasklet(walk)({6, 3, 5, 1, 4})), "times")
