# A nested function recursing through its own name (a closure cell) and a free variable, pickled at every call.
import pickle
import stackless

def body(n):
    calls = [0]
    def fib(k):
        calls[0] += 1
        stackless.schedule_remove()
        return k if k < 2 else fib(k - 1) + fib(k - 2)
    print("fib", n, "=", fib(n), "calls", calls[0])

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

print("pickled", pump(stackless.tasklet(body)(6)), "times")
