# range: len, indexing, negative steps, membership, repr and equality.
r = range(2, 20, 3)
print(r, list(r), len(r), r[0], r[-1], r[2], 8 in r, 9 in r)
print(list(range(5)), list(range(5, 0, -1)), list(range(0, -10, -3)), list(range(3, 3)))
print(range(10)[2:8:2], range(10)[::-1], len(range(0, 100, 7)), range(1, 2) == range(1, 2))
print(range(0) == range(5, 5), range(0, 3) == range(0, 3, 1), list(reversed(range(4))))
print(range(3).index(2), range(10, 0, -2).count(4), sum(range(101)))
try:
    range(0, 10, 0)
except ValueError as e:
    print("ValueError:", e)
try:
    range(5)[5]
except IndexError as e:
    print("IndexError:", e)
print(r.start, r.stop, r.step)
