# prickle-test: timeout=20
# A tasklet blocked on a channel cannot be removed.
import stackless

ch = stackless.channel()
def waiter():
    print("waiter got", ch.receive())

t = stackless.tasklet(waiter)()
stackless.run()
try:
    t.remove()
except RuntimeError as e:
    print("RuntimeError:", e)
print("blocked:", t.blocked, "balance:", ch.balance)
ch.send("ok")
