# A tuple holding a list: the tuple is immutable, the list inside is not.
t = (1, [2, 3])
t[1].append(4)
print(t)
try:
    t[1] += [5]
except TypeError as e:
    print("TypeError:", e)
print(t)
print(repr((1,)), repr(((),)), repr(("a", ("b",))))
