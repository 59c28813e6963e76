# A self-applying recursive lambda (factorial), pickled at every level of its recursion.
import pickle
import stackless

def body(n):
    fact = lambda f, k: 1 if k <= 1 else (stackless.schedule_remove(None) or k * f(f, k - 1))
    print("fact", n, "=", fact(fact, n))
    print("and again", fact(fact, 3))

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

print("pickled", pump(stackless.tasklet(body)(10)), "times")
