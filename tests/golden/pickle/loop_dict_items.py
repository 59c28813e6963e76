# A for loop over a dict's items() view with unpacking, pickled at every item while suspended.
import pickle
import stackless

def walk(d):
    inverted = {}
    for k, v in d.items():
        inverted[v] = k
        print("item", k, v)
        stackless.schedule_remove()
    print("done", inverted)

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

print("pickled", pump(stackless.tasklet(walk)({"x": 1, "y": 2, "z": 3})), "times")
