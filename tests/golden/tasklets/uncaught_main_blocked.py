# Main blocked in receive() is taken off the channel when a tasklet dies with an exception, and gets it.
import stackless

ch = stackless.channel()
def bad():
    stackless.schedule()
    raise IndexError("tasklet failed")

def idle():
    for i in range(5):
        stackless.schedule()

stackless.tasklet(bad)()
stackless.tasklet(idle)()
try:
    ch.receive()
except IndexError as e:
    print("main's receive raised:", e)
print("balance", ch.balance, "main blocked", stackless.getmain().blocked)
stackless.run()
print("done")
