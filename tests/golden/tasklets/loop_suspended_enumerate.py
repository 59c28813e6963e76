# enumerate() and zip() iterators held across switches keep their position.
import stackless

log = []
def enum(words):
    for i, w in enumerate(words, 1):
        stackless.schedule()
        log.append("enum %d %s" % (i, w))

def zipped(a, b):
    for x, y in zip(a, b):
        stackless.schedule()
        log.append("zip %s %s" % (x, y))

stackless.tasklet(enum)(["p", "q", "r"])
stackless.tasklet(zipped)([1, 2, 3, 4], "xyz")
stackless.run()
print(log)
