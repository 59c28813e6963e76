# throw() into a tasklet blocked in send() takes it off the channel first: the balance drops.
import stackless

ch = stackless.channel()
def sender(v):
    try:
        ch.send(v)
        print("sent", v)
    except KeyError as e:
        print("sender", v, "interrupted by", repr(e))

a = stackless.tasklet(sender)("a")
b = stackless.tasklet(sender)("b")
stackless.run()
print("balance", ch.balance)
a.throw(KeyError("stop"))
print("balance", ch.balance, "queue is b:", ch.queue is b)
print("received", ch.receive())
stackless.run()
