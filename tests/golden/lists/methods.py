# append, extend, insert, pop, remove, index, count, reverse, copy, clear.
a = [3, 1, 4]
a.append(1); print(a)
a.extend([5, 9]); print(a)
a.extend(range(2)); print(a)
a.insert(0, "first"); a.insert(100, "last"); a.insert(-1, "before last"); print(a)
print(a.pop(), a.pop(0), a.pop(-2), a)
a.remove(1); print(a)
print(a.index(1), a.index(5), a.count(1), a.count(7))
print(a.index(1, 2), a.index(9, -3))
a.reverse(); print(a)
b = a.copy(); b.append("copy"); print(a, b)
a.clear(); print(a, len(a))
try:
    [].pop()
except IndexError as e:
    print("IndexError:", e)
try:
    [1].remove(2)
except ValueError as e:
    print("ValueError:", e)
try:
    [1].index(2)
except ValueError as e:
    print("ValueError:", e)
