# A dead tasklet pickled: the copy is dead too (not alive, not scheduled, cannot be inserted).
import pickle
import stackless

def work():
    print("  working")
    stackless.schedule_remove()
    print("  finishing")

t = stackless.tasklet(work)()
stackless.run()
t = pickle.loads(pickle.dumps(t))
t.insert()
stackless.run()
print("ended:", t.alive)
d = pickle.loads(pickle.dumps(t))
print("copy of the dead tasklet: alive", d.alive, "scheduled", d.scheduled,
      "paused", d.paused, "blocked", d.blocked)
for what, op in [("insert", d.insert), ("run", d.run)]:
    try:
        op()
    except RuntimeError as e:
        print(what + ":", e)
print("the dead original is still usable:", t.alive, t.scheduled)
