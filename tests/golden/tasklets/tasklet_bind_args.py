# bind(func) leaves a tasklet unbound; bind(func, args, kwargs) makes it alive and paused until inserted.
import stackless

def greet(who, punct="."):
    print("hello", who + punct)

t = stackless.tasklet()
print("fresh:", t.alive, t.scheduled, t.paused)
t.bind(greet)
print("function bound:", t.alive, t.scheduled, t.paused)
t.bind(greet, ("world",), {"punct": "!"})
print("args bound:", t.alive, t.scheduled, t.paused)
print("runcount:", stackless.getruncount())
t.insert()
print("inserted:", t.alive, t.scheduled, t.paused, stackless.getruncount())
stackless.run()
print("finished:", t.alive, t.scheduled, t.paused)

u = stackless.tasklet()
u.bind(greet, kwargs={"who": "kwargs only"})
print("kwargs only:", u.alive, u.paused)
u.insert()
stackless.run()
