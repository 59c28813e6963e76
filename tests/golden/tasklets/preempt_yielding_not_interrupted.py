# With a per-switch timeout, tasklets that yield every few ticks are never interrupted.
import stackless

results = []
def polite(name, n):
    total = 0
    for i in range(n):
        total += i
        stackless.schedule()
    results.append((name, total))

stackless.tasklet(polite)("x", 300)
stackless.tasklet(polite)("y", 200)
r = stackless.run(1000)
print("run returned:", r)
print(sorted(results))
