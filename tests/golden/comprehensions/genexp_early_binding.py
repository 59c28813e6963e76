# The first iterable of a generator expression is evaluated immediately.
data = [1, 2, 3]
g = (x * 10 for x in data)
data = [100]
print(list(g))
items = [1, 2]
h = (x + y for x in items for y in items)
items.append(3)
print(list(h))
try:
    bad = (x for x in 5)
except TypeError as e:
    print("TypeError:", e)
