# tasklet(func, args, kwargs) binds everything at construction: alive and paused, not queued.
import stackless

def show(a, b, c=0):
    print("show", a, b, c)

t = stackless.tasklet(show, (1, 2), {"c": 3})
print(t.alive, t.paused, t.scheduled, stackless.getruncount())
t.insert()
stackless.run()
t2 = stackless.tasklet(show, (4, 5))
t2.insert()
stackless.run()
print(t.alive, t2.alive)
