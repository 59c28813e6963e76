# Preemptive run(100): busy tasklets that never yield are interrupted and resumed until all finish.
import stackless

totals = {}
def busy(name, n):
    total = 0
    i = 0
    while i < n:
        total += i
        i += 1
    totals[name] = total

for name in ["a", "b", "c"]:
    stackless.tasklet(busy)(name, 20000)
interruptions = 0
while stackless.getruncount() > 1:
    t = stackless.run(100)
    if t:
        interruptions += 1
        t.insert()
print(sorted(totals.items()))
print("interrupted at least once per tasklet:", interruptions >= 3)
