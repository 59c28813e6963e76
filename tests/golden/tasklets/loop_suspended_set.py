# A loop over a set of small ints and a frozenset is suspended mid-iteration; every element is seen once.
import stackless

seen = []
def over(name, s):
    for x in s:
        stackless.schedule()
        seen.append((name, x))

stackless.tasklet(over)("set", {5, 1, 3})
stackless.tasklet(over)("frozenset", frozenset([2, 4]))
stackless.run()
print(sorted(seen))
print(len(seen))
