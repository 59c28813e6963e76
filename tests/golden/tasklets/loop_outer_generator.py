# An outer loop over a generator: suspended in the outer frame (between items) and inside the generator.
import stackless

log = []
def squares(n, pause_inside):
    for i in range(n):
        if pause_inside:
            stackless.schedule()
            log.append("inside gen %d" % i)
        yield i * i

def outer(name, pause_inside):
    total = 0
    for sq in squares(4, pause_inside):
        total += sq
        if not pause_inside:
            stackless.schedule()
            log.append("%s outer after %d" % (name, sq))
    log.append("%s total %d" % (name, total))

stackless.tasklet(outer)("outer-frame", False)
stackless.tasklet(outer)("in-generator", True)
stackless.run()
for line in log:
    print(line)
