# A generator exhausted in one tasklet is seen exhausted by another; a generator shared by two tasklets yields each item once.
import stackless

def gen():
    for i in range(5):
        yield i

shared = gen()
taken = []
def taker(name):
    for v in shared:
        taken.append((name, v))
        stackless.schedule()
    taken.append((name, "exhausted"))

stackless.tasklet(taker)("a")
stackless.tasklet(taker)("b")
stackless.run()
print(taken)
print(next(shared, "still exhausted"))
