# A tasklet blocks inside __exit__ (normal exit and exception exit); the value received decides suppression.
import stackless

ch = stackless.channel()
class Gate:
    def __enter__(self):
        return self
    def __exit__(self, et, ev, tb):
        print("exit waits, exception:", et.__name__ if et else None)
        verdict = ch.receive()
        print("exit got verdict", verdict)
        return verdict

def task(fail):
    try:
        with Gate():
            if fail:
                raise ValueError("inside")
            print("body done")
        print("after with (fail=%s)" % fail)
    except ValueError as e:
        print("propagated:", e)

for fail, verdict in [(False, False), (True, True), (True, False)]:
    stackless.tasklet(task)(fail)
    stackless.run()
    ch.send(verdict)
