# A with block pickled while suspended in __enter__, in the body or in __exit__, at recursion depth 0-2, with no exception, an exception raised, or the exception suppressed.
import pickle
import stackless

class Ctx:
    def __init__(self, where, suppress, log):
        self.where = where
        self.suppress = suppress
        self.log = log
    def __enter__(self):
        if self.where == "enter":
            stackless.schedule_remove()
        self.log.append("enter")
        return self
    def __exit__(self, et, ev, tb):
        if self.where == "exit":
            stackless.schedule_remove()
        self.log.append("exit:" + (et.__name__ if et else "-"))
        return self.suppress

def nest(depth, where, mode, log):
    if depth > 0:
        return nest(depth - 1, where, mode, log)
    try:
        with Ctx(where, mode == "suppressed", log) as c:
            if where == "body":
                stackless.schedule_remove()
            log.append("body:" + c.where)
            if mode != "none":
                raise ValueError(mode)
        log.append("after")
    except ValueError as e:
        log.append("caught:" + str(e))
    return depth

def case(depth, where, mode):
    log = []
    nest(depth, where, mode, log)
    print("%d %-5s %-10s %s" % (depth, where, mode, " ".join(log)))

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

pickles = 0
for depth in range(3):
    for where in ["enter", "body", "exit"]:
        for mode in ["none", "raised", "suppressed"]:
            pickles += pump(stackless.tasklet(case)(depth, where, mode))
print("pickled", pickles, "times")
