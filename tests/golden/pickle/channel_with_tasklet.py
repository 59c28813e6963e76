# A tuple (tasklet, channel) pickled while the tasklet is blocked receiving: the copy is blocked on the copied channel and receives after loading.
import pickle
import stackless

ch = stackless.channel()

def worker():
    got = ch.receive()
    print("  worker received", got)

t = stackless.tasklet(worker)()
stackless.run()
print("original: blocked", t.blocked, "balance", ch.balance)
t2, ch2 = pickle.loads(pickle.dumps((t, ch)))
print("copy: blocked", t2.blocked, "scheduled", t2.scheduled, "paused", t2.paused)
print("copied channel: balance", ch2.balance, "queue is the copy", ch2.queue is t2)
ch2.send("hello")
print("copy alive", t2.alive, "balance", ch2.balance)
print("original: blocked", t.blocked, "balance", ch.balance)
