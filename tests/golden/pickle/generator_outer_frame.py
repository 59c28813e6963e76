# An outer loop over a generator, pickled while the tasklet is suspended in the outer frame between items.
import pickle
import stackless

def squares(n):
    for i in range(n):
        yield i * i
    print("squares exhausted")

def outer():
    total = 0
    for sq in squares(4):
        total += sq
        print("outer got", sq, "total", total)
        stackless.schedule_remove()
    print("done", total)

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

print("pickled", pump(stackless.tasklet(outer)()), "times")
