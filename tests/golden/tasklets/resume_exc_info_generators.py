# The exception being handled (sys.exc_info) of a tasklet and of its generators survives switches inside except blocks.
import stackless
import sys

def current():
    e = sys.exc_info()[1]
    return repr(e)

def gen(tag):
    try:
        raise KeyError(tag)
    except KeyError:
        stackless.schedule()
        yield "gen %s handles %s" % (tag, current())
        stackless.schedule()
        yield "gen %s still %s" % (tag, current())
    yield "gen %s after its except block" % tag

def worker(tag):
    try:
        raise ValueError(tag)
    except ValueError:
        for line in gen(tag):
            print(line, "| worker", tag, "handles", current())
            stackless.schedule()
        print("worker", tag, "end of except", current())
    print("worker", tag, "after", current())

stackless.tasklet(worker)("a")
stackless.tasklet(worker)("b")
stackless.run()
print("main", current())
