# A channel pickled with two tasklets blocked receiving on it: they come back blocked on the loaded channel, in order, and receive what is sent to it.
import pickle
import stackless

ch = stackless.channel()

def receiver(name):
    got = ch.receive()
    print("  %s received %r" % (name, got))

stackless.tasklet(receiver)("first")
stackless.tasklet(receiver)("second")
stackless.run()
print("original balance", ch.balance)

ch2 = pickle.loads(pickle.dumps(ch))
print("copy is a new channel:", ch2 is not ch)
print("copy balance", ch2.balance, "closing", ch2.closing, "preference", ch2.preference)
q = ch2.queue
print("queue head: blocked", q.blocked, "scheduled", q.scheduled, "paused", q.paused)
print("original untouched: balance", ch.balance)
ch2.send("a")
print("after one send: copy balance", ch2.balance)
ch2.send(["b", 2])
print("after two sends: copy balance", ch2.balance, "original balance", ch.balance)
