# A with block suspended in __enter__, the body or __exit__, at recursion depth 0-2, with no exception, an exception, or an exception suppressed.
import stackless

class Ctx:
    def __init__(self, where, suppress, log):
        self.where = where
        self.suppress = suppress
        self.log = log
    def __enter__(self):
        if self.where == "enter":
            stackless.schedule()
        self.log.append("enter")
        return self
    def __exit__(self, et, ev, tb):
        if self.where == "exit":
            stackless.schedule()
        self.log.append("exit:" + (et.__name__ if et else "-"))
        return self.suppress

def nest(depth, where, mode, log):
    if depth > 0:
        return nest(depth - 1, where, mode, log)
    try:
        with Ctx(where, mode == "suppressed", log):
            if where == "body":
                stackless.schedule()
            log.append("body")
            if mode != "none":
                raise ValueError(mode)
        log.append("after")
    except ValueError as e:
        log.append("caught:" + str(e))
    return depth

results = []
def case(depth, where, mode):
    log = []
    nest(depth, where, mode, log)
    results.append("%d %-5s %-10s %s" % (depth, where, mode, " ".join(log)))

for depth in range(3):
    for where in ["enter", "body", "exit"]:
        for mode in ["none", "raised", "suppressed"]:
            stackless.tasklet(case)(depth, where, mode)
stackless.run()
for line in sorted(results):
    print(line)
print(len(results))
