# Several blocked senders: balance counts them, queue is the first, and receivers take them in FIFO order.
import stackless

ch = stackless.channel()
senders = []
def sender(v):
    ch.send(v)

for v in ["first", "second", "third"]:
    senders.append(stackless.tasklet(sender)(v))
stackless.run()
print("balance:", ch.balance, "queue is first:", ch.queue is senders[0])
while ch.balance > 0:
    print("got", ch.receive(), "balance now", ch.balance)

receivers = []
def receiver(n):
    print("receiver", n, "got", ch.receive())

for n in range(3):
    receivers.append(stackless.tasklet(receiver)(n))
stackless.run()
print("balance:", ch.balance, "queue is receiver 0:", ch.queue is receivers[0])
ch.send_sequence(["a", "b", "c"])
print("balance:", ch.balance)
