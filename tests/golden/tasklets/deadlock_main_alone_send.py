# Main sending with no other runnable tasklet (others paused or blocked elsewhere) gets the deadlock error.
import stackless

ch = stackless.channel()
other = stackless.channel()
def blocked_elsewhere():
    other.receive()

stackless.tasklet(blocked_elsewhere)()
stackless.run()
paused = stackless.tasklet(lambda: None)
paused.bind(lambda: None, ())
try:
    ch.send("nobody listens")
except RuntimeError as e:
    print("RuntimeError:", e)
print("balance", ch.balance, other.balance, "runcount", stackless.getruncount())
