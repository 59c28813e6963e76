# For loops over reversed() of a list, a range, a tuple and a str, pickled at every item while suspended.
import pickle
import stackless

def walk():
    for v in reversed([1, 2, 3]):
        print("list", v)
        stackless.schedule_remove()
    for v in reversed(range(0, 7, 3)):
        print("range", v)
        stackless.schedule_remove()
    for v in reversed(("a", "b")):
        print("tuple", v)
        stackless.schedule_remove()
    for v in reversed("xy"):
        print("str", v)
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
