# For loops over zip() of two and of three iterables of unequal length, pickled at every item while suspended.
import pickle
import stackless

def walk():
    for a, b in zip([1, 2, 3], "xyz"):
        print(a, b)
        stackless.schedule_remove()
    for a, b, c in zip(range(10), (True, False), iter([7.5, 8.5, 9.5])):
        print(a, b, c)
        stackless.schedule_remove()
    print("done")

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

print("pickled", pump(stackless.tasklet(walk)()), "times")
