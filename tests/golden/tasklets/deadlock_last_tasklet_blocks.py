# Main is blocked on a channel; when the last runnable tasklet blocks too, main is taken off its channel with the deadlock error.
import stackless

a = stackless.channel()
b = stackless.channel()
def worker():
    print("worker runs, then blocks on b")
    b.receive()
    print("not reached")

stackless.tasklet(worker)()
try:
    a.receive()
except RuntimeError as e:
    print("main got RuntimeError:", e)
print("a.balance", a.balance, "b.balance", b.balance, "main blocked", stackless.getmain().blocked)
