# Tasklets interrupted by run(timeout) are pickled while preempted and their copies inserted; every computation still ends with the exact result.
import pickle
import stackless

def busy(name, n):
    total = 0
    i = 0
    while i < n:
        total += i * i % 7
        i += 1
    print("  %s finished" % name)
    return total

results = {}
def job(name, n):
    results[name] = busy(name, n)

def start():
    for name, n in [("a", 20000), ("b", 5000), ("c", 30000)]:
        stackless.tasklet(job)(name, n)

start()
pickles = 0
while stackless.getruncount() > 1:
    t = stackless.run(100)
    if t is not None:
        if not (t.alive and t.paused):
            print("unexpected state of an interrupted tasklet")
        t = pickle.loads(pickle.dumps(t))
        pickles += 1
        if not (t.alive and t.paused):
            print("unexpected state of a loaded copy")
        t.insert()
print(sorted(results.items()))
print("pickled while preempted at least 3 times:", pickles >= 3)
