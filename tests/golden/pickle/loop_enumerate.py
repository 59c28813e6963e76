# A for loop over enumerate() (with a start value, over a generator), pickled at every item while suspended.
import pickle
import stackless

def letters():
    for c in "abc":
        yield c

def walk():
    for i, c in enumerate(letters(), 10):
        print(i, c)
        stackless.schedule_remove()
    for i, x in enumerate([None, True]):
        print(i, x)
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
