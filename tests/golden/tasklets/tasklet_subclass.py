# A subclass of stackless.tasklet keeps its own attributes and methods, and getcurrent() returns it.
import stackless

class Named(stackless.tasklet):
    def label(self):
        return "tasklet " + self.name

def body():
    me = stackless.getcurrent()
    print("running as", me.label(), isinstance(me, Named))
    stackless.schedule()
    print(me.label(), "resumed")

ts = []
for n in ["x", "y"]:
    t = Named(body)
    t.name = n
    t()
    ts.append(t)
stackless.run()
print(type(ts[0]).__name__, issubclass(Named, stackless.tasklet))
print([t.alive for t in ts])
