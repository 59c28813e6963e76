# run(timeout, totaltimeout=True) interrupts once the whole run has used the ticks, even across cooperative switches.
import stackless

results = []
def polite(name, n):
    total = 0
    for i in range(n):
        total += i
        if i % 10 == 0:
            stackless.schedule()
    results.append((name, total))

stackless.tasklet(polite)("x", 3000)
stackless.tasklet(polite)("y", 3000)
t = stackless.run(500, totaltimeout=True)
print("interrupted although both tasklets yield often:", t is not None)
print("alive and paused:", t.alive, t.paused)
t.insert()
while stackless.getruncount() > 1:
    t = stackless.run(500, totaltimeout=True)
    if t:
        t.insert()
print(sorted(results))
