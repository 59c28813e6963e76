# For loops over ranges (step, negative step, large bounds), pickled at every item, including while suspended at the last element.
import pickle
import stackless

def walk():
    for i in range(0, 10, 3):
        print("up", i)
        stackless.schedule_remove()
    for i in range(5, -2, -2):
        print("down", i)
        stackless.schedule_remove()
    for i in range(2 ** 40, 2 ** 40 + 2):
        print("big", i)
        stackless.schedule_remove()
    for i in range(1):
        print("single", i)
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
