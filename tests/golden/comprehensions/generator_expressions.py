# Generator expressions: laziness, single use, in function calls.
g = (x * 2 for x in range(4))
print(type(g).__name__)
print(next(g), next(g), list(g), list(g))
print(sum(x * x for x in range(10)), max(len(w) for w in ["a", "abc", "ab"]))
print(any(x > 3 for x in [1, 5]), all(x > 3 for x in [1, 5]))
def loud(n):
    print("producing", n)
    return n
lazy = (loud(i) for i in range(3))
print("nothing yet")
for v in lazy:
    print("got", v)
print(sorted((x for x in "banana"), reverse=True), "-".join(s for s in "abc"))
print(list(x for x in range(3)), tuple(c for c in "xy"), dict((i, i) for i in range(2)))
