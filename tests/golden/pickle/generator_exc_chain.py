# A generator run by a tasklet that is handling an exception: after the generator's own handler, sys.exc_info() in it is the caller's exception, before and after pickling.
import pickle
import sys
import stackless

def current_exc():
    e = sys.exc_info()[1]
    return None if e is None else repr(e)

def gen():
    yield "start " + repr(current_exc())
    try:
        raise ValueError("in gen")
    except ValueError:
        yield "in handler " + current_exc()
    yield "after handler " + repr(current_exc())

def drive():
    stackless.schedule_remove()
    try:
        raise KeyError("driver")
    except KeyError:
        for v in gen():
            print("  got", v, "| driver sees", current_exc())
            stackless.schedule_remove()
    print("  driver done, sees", current_exc())

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

print("pickled", pump(stackless.tasklet(drive)()), "times")
