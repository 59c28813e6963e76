# schedule() passes control to the next tasklet in the ring; three tasklets interleave round-robin.
import stackless

def worker(name, n):
    for i in range(n):
        print(name, i)
        stackless.schedule()
    print(name, "done")

stackless.tasklet(worker)("a", 3)
stackless.tasklet(worker)("b", 2)
stackless.tasklet(worker)("c", 4)
stackless.run()
print("runcount:", stackless.getruncount())
