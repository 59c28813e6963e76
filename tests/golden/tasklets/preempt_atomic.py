# An atomic tasklet is never preempted: no interruption happens while its atomic section runs.
import stackless

state = {"in_atomic": False}
results = []
def critical():
    me = stackless.getcurrent()
    old = me.set_atomic(True)
    state["in_atomic"] = True
    n = 0
    for i in range(30000):
        n += i
    state["in_atomic"] = False
    me.set_atomic(old)
    for i in range(30000):
        n -= i
    results.append(("critical", n))

def other():
    m = 0
    for i in range(30000):
        m += 1
    results.append(("other", m))

stackless.tasklet(critical)()
stackless.tasklet(other)()
during_atomic = 0
total = 0
while stackless.getruncount() > 1:
    t = stackless.run(100)
    if t:
        total += 1
        if state["in_atomic"]:
            during_atomic += 1
        t.insert()
print(sorted(results))
print("interruptions during the atomic section:", during_atomic)
print("interruptions elsewhere happened:", total > 0)
