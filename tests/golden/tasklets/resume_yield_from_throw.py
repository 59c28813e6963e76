# throw() and send() into a delegating generator whose sub-generator blocks on a channel while handling them.
import stackless

ch = stackless.channel()

def inner():
    total = 0
    while True:
        try:
            v = yield total
            total += v * ch.receive()
        except KeyError as e:
            print("inner caught", repr(e))
            total += ch.receive()
            print("inner resumed after the catch, total", total)

def outer():
    r = yield from inner()
    return r

def driver():
    g = outer()
    print("first", next(g))
    print("sent 2 ->", g.send(2))
    print("threw ->", g.throw(KeyError("k")))
    print("sent 3 ->", g.send(3))
    g.close()
    print("driver done")

def feeder():
    for v in [10, 100, 1000]:
        print("feeding", v)
        ch.send(v)

stackless.tasklet(driver)()
stackless.tasklet(feeder)()
stackless.run()
