# A channel pickled with three tasklets blocked sending on it (preference 1, schedule_all off): the loaded channel delivers their values in order.
import pickle
import stackless

ch = stackless.channel()
ch.preference = 1

def sender(name, value):
    ch.send(value)
    print("  %s: send returned" % name)

def start():
    for i, v in enumerate(["x", (1, 2), {"k": None}]):
        stackless.tasklet(sender)("s%d" % i, v)

start()
stackless.run()
print("original balance", ch.balance)

ch2 = pickle.loads(pickle.dumps(ch))
print("copy balance", ch2.balance, "preference", ch2.preference)
print("queue head tempval", ch2.queue.tempval)
for i in range(3):
    print("received", ch2.receive(), "balance now", ch2.balance)
print("original balance", ch.balance)
