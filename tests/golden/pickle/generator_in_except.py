# A generator yielding inside an except block, with the tasklet pickled between items and inside the generator: sys.exc_info() inside and outside the generator.
import pickle
import sys
import stackless

def current_exc():
    e = sys.exc_info()[1]
    return None if e is None else repr(e)

def gen():
    try:
        raise ValueError("in gen")
    except ValueError:
        yield "first " + current_exc()
        stackless.schedule_remove()
        yield "second " + current_exc()
    yield "after handler " + repr(current_exc())

def drive():
    for v in gen():
        print("  got", v, "| driver sees", current_exc())
        stackless.schedule_remove()
        print("  driver resumed, sees", current_exc())
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
