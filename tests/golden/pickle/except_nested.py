# A tasklet pickled while suspended inside nested except blocks, at each point: sys.exc_info() and the exception context are right in the copy.
import pickle
import sys
import stackless

def show(where):
    et, ev, tb = sys.exc_info()
    if et is None:
        print("  %-22s no exception" % where)
    else:
        ctx = ev.__context__
        print("  %-22s %s%r context=%r" % (where, et.__name__, ev.args, ctx))

def nested():
    show("start")
    try:
        raise KeyError("outer")
    except KeyError as a:
        stackless.schedule_remove()
        show("outer handler")
        try:
            raise IndexError("inner")
        except IndexError:
            stackless.schedule_remove()
            show("inner handler")
            try:
                raise ValueError("innermost")
            except ValueError:
                stackless.schedule_remove()
                show("innermost handler")
            stackless.schedule_remove()
            show("inner again")
        stackless.schedule_remove()
        show("outer again")
        print("  outer name still bound:", repr(a))
    stackless.schedule_remove()
    show("after")

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
        show("main after a load")

print("pickled", pump(stackless.tasklet(nested)()), "times")
