# throw(..., pending=True) queues the tasklet without switching; the exception fires when it runs.
import stackless

ch = stackless.channel()
def waiter():
    try:
        ch.receive()
    except ValueError as e:
        print("waiter caught", e)

t = stackless.tasklet(waiter)()
stackless.run()
print("balance:", ch.balance, "blocked:", t.blocked)
t.throw(ValueError, "later", pending=True)
print("after pending throw: balance", ch.balance, "blocked", t.blocked, "scheduled", t.scheduled)
print("main continues first")
stackless.run()
print("alive:", t.alive)
