# The classic pump loop: run(ticks) until only main is left, re-inserting each interrupted tasklet; order of completion is by workload.
import stackless

finished = []
def work(name, n):
    acc = 0
    for i in range(n):
        acc = (acc + i * i) % 1000003
    finished.append((name, acc))

stackless.tasklet(work)("short", 10)
stackless.tasklet(work)("long", 60000)
stackless.tasklet(work)("medium", 20000)
rounds = 0
while stackless.getruncount() > 1:
    t = stackless.run(200)
    if t:
        rounds += 1
        t.insert()
print([name for name, acc in finished])
print(sorted(finished))
print("several rounds:", rounds > 10)
