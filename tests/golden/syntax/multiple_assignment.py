# Chained assignment, swaps and evaluation order of assignment targets.
a = b = c = 5
print(a, b, c)
x = y = []
x.append(1)
print(y, x is y)
p, q = 1, 2
p, q = q, p
print(p, q)
i = 0
lst = [10, 20, 30]
i, lst[i] = 1, 99
print(i, lst)
a, b, c = "xyz"
print(a, b, c)
(a, b), c = [1, 2], 3
print(a, b, c)
[a, [b, c]] = (4, (5, 6))
print(a, b, c)
