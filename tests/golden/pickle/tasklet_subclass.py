# A tasklet subclass round trip: the copy has the subclass, its attributes and methods; the tasklet's own references to itself lead to the copy.
import pickle
import stackless

class Worker(stackless.tasklet):
    kind = "worker"
    def describe(self):
        return "%s %s %s at step %d" % (type(self).__name__, self.kind, self.label, self.step)

def body():
    me = stackless.getcurrent()
    for step in range(3):
        me.step = step
        print("  running:", me.describe())
        back = stackless.schedule_remove()
        print("  resumed: me is current:", me is stackless.getcurrent(),
              "schedule_remove() returned current:", back is stackless.getcurrent())

t = Worker(body)
t.label = "w1"
t.step = -1
t()
while True:
    stackless.run()
    if not t.alive:
        break
    t = pickle.loads(pickle.dumps(t))
    print("copy:", type(t).__name__, isinstance(t, Worker), isinstance(t, stackless.tasklet),
          t.label, t.step, t.describe(), "paused", t.paused)
    t.insert()
print("done:", t.describe(), t.alive)
