# A for loop over a user iterator whose __next__ schedules: two such loops interleave.
import stackless

class Ticker:
    def __init__(self, name, n):
        self.name = name
        self.n = n
    def __iter__(self):
        return self
    def __next__(self):
        if self.n == 0:
            raise StopIteration
        self.n -= 1
        stackless.schedule()
        return "%s%d" % (self.name, self.n)

log = []
def loop(name, n):
    for v in Ticker(name, n):
        log.append(v)
    log.append(name + " done")

stackless.tasklet(loop)("a", 3)
stackless.tasklet(loop)("b", 2)
stackless.run()
print(log)
