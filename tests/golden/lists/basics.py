# List creation, indexing, len, mutation and repr.
a = [1, "two", 3.0, None, [5]]
print(a, len(a), a[0], a[-1], a[-1][0])
a[1] = 2
print(a)
b = list()
print(b, list("abc"), list(range(4)), list((1, 2)), [] == list())
print([[]] * 2, [0] * 5, [1, 2] + [3], [1, 2] * 2)
nested = [[1, 2], [3, 4]]
nested[0][1] = 20
print(nested)
try:
    a[10]
except IndexError as e:
    print("IndexError:", e)
try:
    a[10] = 1
except IndexError as e:
    print("IndexError:", e)
