# A receiver that arrives first blocks (balance -1, queue is that receiver) until a sender comes.
import stackless

ch = stackless.channel()
def receiver():
    print("receiver waits")
    print("receiver got", ch.receive())

r = stackless.tasklet(receiver)()
stackless.run()
print("balance:", ch.balance, "queue is receiver:", ch.queue is r, "blocked:", r.blocked)
ch.send("hello")
print("balance:", ch.balance, "queue:", ch.queue, "alive:", r.alive)
