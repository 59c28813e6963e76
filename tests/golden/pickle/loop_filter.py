# For loops over filter() with a lambda and with None, pickled at every item while suspended.
import pickle
import stackless

def walk(limit):
    for v in filter(lambda x: x % 3 == 0, range(limit)):
        print("multiple of 3:", v)
        stackless.schedule_remove()
    for v in filter(None, [0, "", "a", None, 2, [], [0]]):
        print("truthy:", repr(v))
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

print("pickled", pump(stackless.tasklet(walk)(10)), "times")
