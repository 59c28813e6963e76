# An uncaught exception from a tasklet prints main's frames, then the tasklet's frames.
import stackless

def inner(x):
    if x > 1:
        raise ValueError("bad x: %d" % x)
    return x

def outer(values):
    total = 0
    for v in values:
        total += inner(v)
        stackless.schedule()
    return total

def start():
    stackless.tasklet(outer)([1, 0, 5])
    stackless.run()

print("starting")
start()
print("not reached")
