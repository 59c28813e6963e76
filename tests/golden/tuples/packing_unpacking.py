# Tuple packing, unpacking, swapping and returning several values.
def minmax(xs):
    return min(xs), max(xs)
lo, hi = minmax([3, 1, 4, 1, 5])
print(lo, hi)
point = (3, 4)
x, y = point
print(x * x + y * y)
pairs = [(1, "one"), (2, "two")]
for number, word in pairs:
    print(number, word)
(a, b), (c, d) = (1, 2), (3, 4)
print(a, b, c, d)
nested = ((1, (2, 3)), 4)
(p, (q, r)), s = nested
print(p, q, r, s)
