# Two tasklets each drive their own generator; the generators switch (schedule) inside their bodies.
import stackless

def gen(name, n):
    for i in range(n):
        stackless.schedule()
        yield "%s%d" % (name, i)

out = []
def drive(name, n):
    for v in gen(name, n):
        out.append(v)

stackless.tasklet(drive)("p", 3)
stackless.tasklet(drive)("q", 2)
stackless.run()
print(out)
