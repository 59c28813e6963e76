# For loops over a dict and over its keys() view, pickled at every key while suspended; insertion order is kept.
import pickle
import stackless

def walk():
    d = {"zeta": 1, "alpha": 2, 7: 3, (1, 2): 4}
    for k in d:
        print("key", k)
        stackless.schedule_remove()
    for k in d.keys():
        print("keys()", k, d[k])
        stackless.schedule_remove()
    print("done", d)

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
