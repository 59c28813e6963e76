# An exception with its traceback kept in a tasklet's local, pickled, inspected in the copy, then re-raised uncaught: main prints the whole traceback.
import pickle
import stackless

def fail(n):
    if n == 0:
        raise ValueError("deep", n)
    fail(n - 1)

def worker():
    try:
        fail(2)
    except ValueError as e:
        err = e
    stackless.schedule_remove()
    lines = []
    tb = err.__traceback__
    while tb is not None:
        lines.append(tb.tb_lineno)
        tb = tb.tb_next
    print("  copy holds", type(err).__name__, err.args, "raised at lines", lines)
    stackless.schedule_remove()
    raise err

t = stackless.tasklet(worker)()
while True:
    stackless.run()
    t = pickle.loads(pickle.dumps(t))
    t.insert()
