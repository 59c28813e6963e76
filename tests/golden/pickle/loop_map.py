# For loops over map() with a module-level function, a lambda and two iterables, pickled at every item while suspended.
import pickle
import stackless

def square(x):
    return x * x

def walk(offset):
    for v in map(square, [1, 2, 3]):
        print("square", v)
        stackless.schedule_remove()
    for v in map(lambda a, b: a + b + offset, [1, 2], (10, 20, 30)):
        print("sum", v)
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

print("pickled", pump(stackless.tasklet(walk)(100)), "times")
