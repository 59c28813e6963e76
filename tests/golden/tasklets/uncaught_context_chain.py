# Uncaught: an exception raised while a tasklet handles another one keeps its context in main's traceback.
import stackless

def parse(text):
    try:
        return int(text)
    except ValueError:
        raise LookupError("no number in %r" % text)

def worker():
    parse("x1")

stackless.tasklet(worker)()
stackless.run()
