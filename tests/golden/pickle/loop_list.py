# A for loop over a list, pickled at every item while suspended (schedule_remove) and continued by the loaded copy.
import pickle
import stackless

def walk(items):
    seen = []
    for x in items:
        seen.append(x)
        print("item", x)
        stackless.schedule_remove()
    print("done", seen)

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

print("pickled", pump(stackless.tasklet(walk)([3, 1, 4, [1, 5], "nine"])), "times")
