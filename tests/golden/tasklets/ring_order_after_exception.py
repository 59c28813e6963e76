# After a tasklet's exception reaches main, main runs first and the other tasklets keep their ring order.
import stackless

names = {}
def ring():
    cur = stackless.getcurrent()
    out = [names[id(cur)]]
    t = cur.next
    while t is not cur:
        out.append(names[id(t)])
        t = t.next
    return out

def make(f, name):
    t = stackless.tasklet(f)()
    names[id(t)] = name
    return t

names[id(stackless.getmain())] = "main"
def idle():
    stackless.schedule()

def bad():
    print("ring seen by bad:", ring())
    raise KeyError("bad")

make(idle, "x")
make(bad, "bad")
make(idle, "y")
try:
    stackless.run()
except KeyError:
    print("main caught KeyError; ring:", ring())
stackless.run()

make(idle, "p")
make(idle, "q")
b = stackless.tasklet(bad, ())
names[id(b)] = "bad2"
try:
    b.switch()
except KeyError:
    print("main paused by switch() caught KeyError; ring:", ring())
stackless.run()
