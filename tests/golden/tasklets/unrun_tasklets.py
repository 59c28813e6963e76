# Tasklets created but never run stay alive and queued; removed ones stay paused; main ends without running them.
import stackless

def never(name):
    print("never", name, "(should not print)")

a = stackless.tasklet(never)("a")
b = stackless.tasklet(never)("b")
b.remove()
c = stackless.tasklet(never, ("c",))
print("a:", a.alive, a.scheduled, a.paused)
print("b:", b.alive, b.scheduled, b.paused)
print("c:", c.alive, c.scheduled, c.paused)
print("runcount:", stackless.getruncount())
print("main ends now")
