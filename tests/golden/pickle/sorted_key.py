# A tasklet pickled while suspended inside a sorted() key function, at every key; the sort finishes in the copy.
import pickle
import stackless

def body(words):
    calls = []
    def key(w):
        calls.append(w)
        stackless.schedule_remove()
        return (len(w), w)
    result = sorted(words, key=key, reverse=True)
    print("sorted", result)
    print("key calls", calls)

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

print("pickled", pump(stackless.tasklet(body)(["pear", "fig", "banana", "kiwi", "apple"])), "times")
