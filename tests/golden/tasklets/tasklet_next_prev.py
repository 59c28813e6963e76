# next and prev are the ring neighbours (the ring is circular); None for a tasklet outside the ring.
import stackless

names = {}
def name(t):
    if t is None:
        return None
    return names[id(t)]

def body():
    stackless.schedule()

main = stackless.getmain()
names[id(main)] = "main"
print("main alone:", name(main.next), name(main.prev))
ts = []
for n in ["a", "b", "c"]:
    t = stackless.tasklet(body)()
    names[id(t)] = n
    ts.append(t)
for t in [main] + ts:
    print(name(t), "next", name(t.next), "prev", name(t.prev))
ts[1].remove()
print("b removed: b.next", name(ts[1].next), "b.prev", name(ts[1].prev))
print("a.next", name(ts[0].next), "c.prev", name(ts[2].prev))
stackless.run()
ts[1].insert()
stackless.run()
print("dead:", name(ts[0].next), name(ts[0].prev))
