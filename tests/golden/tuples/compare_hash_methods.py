# Tuple comparisons, hashing as dict keys, count and index.
print((1, 2) < (1, 3), (1, 2) < (1, 2, 0), (2,) > (1, 100), (1, 2) == (1, 2), () < (0,))
d = {(0, 0): "origin", (1, 2): "point"}
print(d[(1, 2)], (0, 0) in d, d.get((5, 5), "none"))
t = (1, 2, 1, 3, 1)
print(t.count(1), t.index(3), t.index(1, 1))
print(sorted([(2, "b"), (1, "z"), (2, "a")]))
try:
    hash(([1],))
except TypeError as e:
    print("TypeError:", e)
try:
    t.index(9)
except ValueError as e:
    print("ValueError:", e)
