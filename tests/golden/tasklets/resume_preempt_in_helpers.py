# run(timeout) interrupts tasklets busy inside a generator summed by sum(), inside a sorted() key function and inside __init__.
import stackless

def busy_gen(n):
    i = 0
    while i < n:
        yield i % 5
        j = 0
        while j < 3:
            j += 1
        i += 1

def key(n):
    acc = 0
    k = 0
    while k < n:
        acc += k
        k += 1
    return -acc

class Heavy:
    def __init__(self, n):
        self.total = 0
        for i in range(n):
            self.total += i * 2

results = {}
def summer():
    results["sum"] = sum(busy_gen(3000))

def sorter():
    results["sorted"] = sorted([300, 100, 500, 200], key=key)

def builder():
    results["heavy"] = Heavy(4000).total

for f in [summer, sorter, builder]:
    stackless.tasklet(f)()
interruptions = 0
while stackless.getruncount() > 1:
    t = stackless.run(50)
    if t:
        interruptions += 1
        t.insert()
print(sorted(results.items()))
print("interrupted:", interruptions >= 3)
