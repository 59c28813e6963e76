# A tasklet pickled while suspended inside a user __next__ (and __iter__) called by list(); list() completes in the copy.
import pickle
import stackless

class Countdown:
    def __init__(self, start):
        self.n = start
    def __iter__(self):
        stackless.schedule_remove()
        print("  __iter__ resumed")
        return self
    def __next__(self):
        stackless.schedule_remove()
        if self.n <= 0:
            raise StopIteration
        self.n -= 1
        return self.n * 10

def body():
    print("list", list(Countdown(3)))
    print("empty", list(Countdown(0)))

def pump(t):
    """Run t; whenever it pauses, pickle it, load the copy and go on with the copy."""
    count = 0
    while True:
        stackless.run()
        if not t.alive:
            return count
        t = pickle.loads(pickle.dumps(t))
        count += 1
        t.insert()

print("pickled", pump(stackless.tasklet(body)()), "times")
