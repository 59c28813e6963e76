# send_exception(cls, *args) makes the receiver raise cls(*args), whether it is already waiting or comes later.
import stackless

ch = stackless.channel()
def receiver(n):
    try:
        v = ch.receive()
        print("receiver", n, "got value", v)
    except ValueError as e:
        print("receiver", n, "raised", type(e).__name__, e.args)

stackless.tasklet(receiver)(1)
stackless.run()
ch.send_exception(ValueError, "bad", 1)
print("balance:", ch.balance)

def sender():
    ch.send_exception(ValueError, "queued")
    print("sender resumed")

stackless.tasklet(sender)()
stackless.run()
print("balance:", ch.balance)
stackless.tasklet(receiver)(2)
stackless.run()
stackless.tasklet(receiver)(3)
stackless.run()
ch.send("plain value")
