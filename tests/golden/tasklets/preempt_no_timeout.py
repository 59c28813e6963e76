# Without a timeout, run() never preempts: each busy tasklet runs to completion before the next starts.
import stackless

log = []
def busy(name):
    log.append(name + " start")
    n = 0
    for i in range(20000):
        n += i
    log.append(name + " end")

stackless.tasklet(busy)("a")
stackless.tasklet(busy)("b")
print(stackless.run())
print(log)
