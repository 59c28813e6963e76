# Main receiving on a channel with no other runnable tasklet gets the deadlock RuntimeError and does not block.
import stackless

ch = stackless.channel()
try:
    ch.receive()
except RuntimeError as e:
    print("RuntimeError:", e)
print("balance", ch.balance, "main blocked", stackless.getmain().blocked, "runcount", stackless.getruncount())
