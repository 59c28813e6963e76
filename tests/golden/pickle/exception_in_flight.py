# Exceptions in flight: a tasklet pickled in a finally block while an exception propagates, and in an except block before a bare raise and a raise from.
import pickle
import stackless

def propagate():
    try:
        try:
            raise ValueError("through finally")
        finally:
            stackless.schedule_remove()
            print("  finally ran")
    except ValueError as e:
        print("  caught after the finally:", repr(e))

def reraise():
    try:
        try:
            raise KeyError("k")
        except KeyError:
            stackless.schedule_remove()
            raise
    except KeyError as e:
        print("  bare raise kept:", repr(e))

def chained():
    try:
        try:
            1 // 0
        except ZeroDivisionError as z:
            stackless.schedule_remove()
            raise RuntimeError("wrapped") from z
    except RuntimeError as e:
        print("  raise from:", repr(e), "cause", repr(e.__cause__), "suppress", e.__suppress_context__)

def returns_in_finally():
    try:
        raise TypeError("discarded")
    finally:
        stackless.schedule_remove()
        return "finally's return wins"

def body():
    propagate()
    reraise()
    chained()
    print("  ", returns_in_finally())

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
