# A sender that arrives first blocks (balance +1) until a receiver takes its value; its send returns None.
import stackless

ch = stackless.channel()
def sender():
    print("sender sends")
    r = ch.send("data")
    print("send returned", r)

s = stackless.tasklet(sender)()
stackless.run()
print("balance:", ch.balance, "queue is sender:", ch.queue is s, "blocked:", s.blocked)
v = ch.receive()
print("main received", v, "balance", ch.balance, "sender scheduled", s.scheduled)
stackless.run()
print("alive:", s.alive)
