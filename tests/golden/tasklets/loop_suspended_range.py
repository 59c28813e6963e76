# A for loop over range() is suspended at each element, including after the last one (iterator exhausted on resume).
import stackless

log = []
def counter(name, r):
    total = 0
    for i in r:
        total += i
        stackless.schedule()
        log.append("%s resumed after %d" % (name, i))
    log.append("%s total %d" % (name, total))

stackless.tasklet(counter)("up", range(3))
stackless.tasklet(counter)("step", range(10, 0, -4))
stackless.tasklet(counter)("empty", range(0))
stackless.run()
for line in log:
    print(line)
