# iter() and next(), with and without a default for next().
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
try:
    next([1, 2])
except TypeError as e:
    print("TypeError:", e)
