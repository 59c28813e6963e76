# A for loop over a str (with non-ASCII characters), pickled at every character while suspended.
import pickle
import stackless

def walk(text):
    out = []
    for ch in text:
        out.append(ch.upper())
        print(repr(ch), len(out))
        stackless.schedule_remove()
    print("done", "".join(out))

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

print("pickled", pump(stackless.tasklet(walk)("naïve €")), "times")
