# dis_pickle.py — writes a small pickle of known shape for the `prickle dis`
# tests (tests/format/dis_listing.py): a tasklet suspended three calls deep
# in a recursion, below a closure and a sorted() key function blocked on a
# channel; a tasklet in an exception handler looping over a suspended
# generator; a tasklet preempted in a busy loop; an unstarted tasklet. Lines
# the test looks for carry a "# MARK:name" comment.
#
# usage: prickle run [--save-pickles DIR] dis_pickle.py OUT.pkl
# Writes pickle.dumps([t1, t2, t3, t4, ch]) to OUT.pkl, then runs the
# tasklets to the end.
import pickle
import stackless
import sys

ch = stackless.channel()


def make_key(scale):
    def key(x):
        return ch.receive() * scale - x  # MARK:key

    return key


def walk(n, acc):
    if n == 0:
        return sorted([3, 1, 2], key=make_key(acc))  # MARK:sorted
    return walk(n - 1, acc + n)  # MARK:recurse


def squares(n):
    for i in range(n):
        yield i * i  # MARK:yield


def handler(label):
    try:
        raise ValueError(label)
    except ValueError as e:
        for v in squares(3):
            stackless.schedule()  # MARK:schedule
            print("handled", repr(e), v)


def busy(n):
    k = 0
    while k < n:
        k += 1  # MARK:busy
    print("busy done", k)


def feeder(count):
    for i in range(count):
        ch.send(i + 1)


t3 = stackless.tasklet(busy)(1000)
r = stackless.run(50)
assert r is t3 and t3.alive
t1 = stackless.tasklet(walk)(3, 0)
t2 = stackless.tasklet(handler)("oops")
stackless.schedule()
t4 = stackless.tasklet(feeder)(3)
data = pickle.dumps([t1, t2, t3, t4, ch])
with open(sys.argv[1], "wb") as f:
    f.write(data)
stackless.run()
print("walk and handler done")
