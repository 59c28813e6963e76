# send_throw(exc, val) delivers an exception class with a value, or an instance, to the receiver.
import stackless

class Oops(Exception):
    pass

ch = stackless.channel()
def receiver():
    for i in range(3):
        try:
            ch.receive()
        except Exception as e:
            print("receiver raised", type(e).__name__, e.args)

stackless.tasklet(receiver)()
stackless.run()
ch.send_throw(Oops)
ch.send_throw(Oops, "with value")
ch.send_throw(KeyError("instance"))
print("balance:", ch.balance)
