# A tasklet pickled alone while blocked on a channel it does not hold in a variable: the copy is neither blocked nor scheduled, and the original stays blocked.
import pickle
import stackless

ch = stackless.channel()

def worker():
    got = ch.receive()
    print("  worker's receive returned", got)
    print("  worker done")

t = stackless.tasklet(worker)()
stackless.run()
c = pickle.loads(pickle.dumps(t))
print("copy: blocked", c.blocked, "scheduled", c.scheduled, "paused", c.paused, "alive", c.alive)
print("original: blocked", t.blocked, "alive", t.alive, "balance", ch.balance)
c.insert()
stackless.run()
print("copy alive", c.alive, "balance", ch.balance)
