# A for loop over a tuple (with unpacking of its items), pickled at every item while suspended.
import pickle
import stackless

def walk(pairs):
    total = 0
    for n, word in pairs:
        total += n
        print(n, word, total)
        stackless.schedule_remove()
    for x in ():
        print("never", x)
    print("done", total)

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

print("pickled", pump(stackless.tasklet(walk)(((1, "one"), (2, "two"), (3, "three")))), "times")
