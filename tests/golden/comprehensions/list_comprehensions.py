# List comprehensions with filters, nesting and tuple targets.
print([x * x for x in range(6)])
print([x for x in range(20) if x % 3 == 0 if x % 2 == 0])
print([(x, y) for x in range(3) for y in range(x)])
print([[i * j for j in range(1, 4)] for i in range(1, 4)])
print([c.upper() for c in "hello" if c != "l"])
pairs = [(1, "a"), (2, "b")]
print([f"{n}{s}" for n, s in pairs])
matrix = [[1, 2, 3], [4, 5, 6]]
print([row[i] for i in range(3) for row in matrix])
print([[row[i] for row in matrix] for i in range(3)])
print([x if x > 0 else -x for x in (-2, -1, 0, 1)])
