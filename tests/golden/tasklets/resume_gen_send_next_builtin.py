# gen.send() and next() (helper calls) resume a generator that blocks on a channel between its yields, from two tasklets in turn.
import stackless

ch = stackless.channel()

def accumulator():
    total = 0
    while True:
        x = yield total
        if x is None:
            x = ch.receive()
        total += x

g = accumulator()
next(g)

def user(name, values):
    for v in values:
        if v is None:
            r = next(g)
        else:
            r = g.send(v)
        print(name, "->", r)
        stackless.schedule()

def feeder():
    for v in [100, 200]:
        ch.send(v)

stackless.tasklet(user)("u1", [1, None, 2])
stackless.tasklet(user)("u2", [10, 20, None])
stackless.tasklet(feeder)()
stackless.run()
print("final", g.send(0))
