# A tasklet blocks in a finally clause, during normal exit and while an exception propagates.
import stackless

ch = stackless.channel()
def task(fail):
    try:
        try:
            if fail:
                raise OSError("pending")
            print("try body done")
        finally:
            print("finally waits (fail=%s)" % fail)
            v = ch.receive()
            print("finally got", v)
    except OSError as e:
        print("exception survived the switch:", e)

stackless.tasklet(task)(False)
stackless.tasklet(task)(True)
stackless.run()
ch.send("one")
ch.send("two")
