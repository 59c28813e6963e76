# Recursion 13 levels deep with an accumulator list, pickled at the bottom and at every level on the way down and up.
import pickle
import stackless

def rec(n, acc):
    acc.append(n)
    stackless.schedule_remove()
    if n == 0:
        return acc
    result = rec(n - 1, acc)
    acc.append(-n)
    stackless.schedule_remove()
    return result

def body():
    acc = rec(13, [])
    print("acc", acc)
    print("len", len(acc))

t = stackless.tasklet(body)()
depths = []
while True:
    stackless.run()
    if not t.alive:
        break
    t = pickle.loads(pickle.dumps(t))
    depths.append(t.recursion_depth)
    t.insert()
print("recursion_depth of each copy:", depths)
