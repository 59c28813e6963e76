# tempval holds the value a blocked sender is sending, and the value most recently handed to a tasklet.
import stackless

ch = stackless.channel()
def sender():
    ch.send("payload")

s = stackless.tasklet(sender)()
stackless.run()
print("blocked sender's tempval:", s.tempval)
print("received:", ch.receive())

def receiver():
    v = ch.receive()
    me = stackless.getcurrent()
    print("receiver got", v, "tempval", me.tempval)

r = stackless.tasklet(receiver)()
stackless.run()
ch.send(42)

t = stackless.tasklet(lambda: None)
t.tempval = "written"
print("tempval is writable:", t.tempval)
main = stackless.getcurrent()
print("schedule(retval) hands retval back:", stackless.schedule("back"))
