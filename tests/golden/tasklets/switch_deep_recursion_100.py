# Tasklets switch at recursion depth 100 (and at every level on the way back), interleaving with each other.
import stackless

log = []
def recurse(name, n):
    if n == 0:
        stackless.schedule()
        log.append(name + " bottom")
        return 0
    r = recurse(name, n - 1) + n
    if n % 25 == 0:
        stackless.schedule()
        log.append("%s at %d" % (name, n))
    return r

def top(name):
    log.append("%s result %d" % (name, recurse(name, 100)))

stackless.tasklet(top)("x")
stackless.tasklet(top)("y")
stackless.run()
for line in log:
    print(line)
