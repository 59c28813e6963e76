# iter() and next(), with defaults and the callable-sentinel form.
it = iter([1, 2, 3])
print(next(it), next(it), next(it), next(it, "default"))
try:
    next(it)
except StopIteration:
    print("StopIteration")
s = iter("ab")
print(next(s), list(s))
d = iter({"x": 1, "y": 2})
print(list(d))
counter = [0]
def tick():
    counter[0] += 1
    return counter[0]
print(list(iter(tick, 5)))
try:
    next([1, 2])
except TypeError as e:
    print("TypeError:", e)
