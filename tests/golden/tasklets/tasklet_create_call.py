# Creating tasklets with tasklet(func)(*args): they are queued and run in order by run().
import stackless

def worker(name, count):
    for i in range(count):
        print(name, "step", i)
    return "ignored result"

a = stackless.tasklet(worker)("a", 2)
b = stackless.tasklet(worker)("b", 3)
print("alive before run:", a.alive, b.alive)
print("runcount before run:", stackless.getruncount())
result = stackless.run()
print("run returned:", result)
print("alive after run:", a.alive, b.alive)
print("runcount after run:", stackless.getruncount())
