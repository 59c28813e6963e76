# After run(timeout) interrupts the first tasklet, main runs with the rest of the ring in order; the interrupted one is out.
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

names[id(stackless.getmain())] = "main"
def busy(n):
    total = 0
    for i in range(n):
        total += i
    return total

for name, n in [("long", 100000), ("q", 5), ("r", 5)]:
    t = stackless.tasklet(busy)(n)
    names[id(t)] = name
t = stackless.run(50)
print("interrupted:", names[id(t)], "paused:", t.paused)
print("ring:", ring())
t.insert()
print("ring after insert:", ring())
stackless.run()
print("ring at the end:", ring())
