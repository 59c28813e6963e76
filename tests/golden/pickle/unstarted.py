# Unstarted tasklets pickled: the copy gets its own copies of the arguments and is not scheduled; the original stays usable and both run.
import pickle
import stackless

def greet(name, items, sep="-"):
    items.append(name)
    print("  hello", name, sep.join(items))

t = stackless.tasklet(greet)("world", ["a"], sep="+")
c = pickle.loads(pickle.dumps(t))
print("copy: alive", c.alive, "scheduled", c.scheduled, "paused", c.paused, "blocked", c.blocked)
print("original: alive", t.alive, "scheduled", t.scheduled, "runcount", stackless.getruncount())
c.insert()
stackless.run()
print("both ended:", t.alive, c.alive)

# A tasklet bound with bind(func, args) is alive and paused without being scheduled.
b = stackless.tasklet()
b.bind(greet, ("bound", []))
cb = pickle.loads(pickle.dumps(b))
print("bound copy: alive", cb.alive, "paused", cb.paused)
cb.insert()
stackless.run()
print("bound original still paused:", b.paused)

# A tasklet that was never bound.
u = pickle.loads(pickle.dumps(stackless.tasklet()))
print("unbound copy: alive", u.alive, "scheduled", u.scheduled)
try:
    u.insert()
except RuntimeError as e:
    print("insert:", e)
