# A closure that refers to itself through a cell, with a nonlocal counter rebound across pickles.
import pickle
import stackless

def make_countdown():
    steps = 0
    def countdown(n, seen):
        nonlocal steps
        steps += 1
        seen.append(n)
        stackless.schedule_remove()
        if n > 0:
            return countdown(n - 1, seen)
        return seen, steps
    return countdown

def body():
    cd = make_countdown()
    print("first run", cd(3, []))
    print("second run (counter continues)", cd(1, []))
    other = make_countdown()
    print("fresh closure", other(0, []))

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

print("pickled", pump(stackless.tasklet(body)()), "times")
