# Uncaught: main blocked in a nested receive gets a tasklet's exception; the traceback shows both stacks.
import stackless

ch = stackless.channel()
def check(item):
    if item == "boom":
        raise RuntimeError("cannot handle " + item)

def worker(items):
    for item in items:
        check(item)

def wait_result():
    return ch.receive()

stackless.tasklet(worker)(["ok", "boom"])
print(wait_result())
