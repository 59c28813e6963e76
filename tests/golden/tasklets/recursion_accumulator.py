# Recursion 13 deep with an accumulator list, switching at every level on the way down and up.
import stackless

def rec(n, acc):
    acc.append(n)
    stackless.schedule()
    if n < 13:
        rec(n + 1, acc)
    acc.append(-n)
    stackless.schedule()
    return acc

results = {}
def run_one(name):
    results[name] = rec(1, [])

stackless.tasklet(run_one)("a")
stackless.tasklet(run_one)("b")
stackless.run()
print(results["a"])
print(results["a"] == results["b"])
