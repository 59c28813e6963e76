# Tuple creation, single-element tuples, indexing, immutability.
t = (1, "a", 2.5)
print(t, len(t), t[0], t[-1], t[1:], t[::-1])
print((), (1,), 1, (1), tuple(), tuple([1, 2]), tuple("ab"), tuple(range(3)))
x = 1, 2, 3
print(x, type(x).__name__)
try:
    t[0] = 5
except TypeError as e:
    print("TypeError:", e)
try:
    t[5]
except IndexError as e:
    print("IndexError:", e)
print(t + (4,), t * 2, (0,) * 3)
