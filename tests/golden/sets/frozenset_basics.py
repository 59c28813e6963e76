# frozenset: immutable, hashable, usable as dict keys and set members.
f = frozenset([3, 1, 2])
g = frozenset({2, 3, 4})
print(f, f | g, f & g, f - g, type(f | g).__name__, type({1} | f).__name__)
d = {f: "first"}
print(d[frozenset([1, 2, 3])], frozenset() == set(), frozenset([1]) == {1})
s = {frozenset([1]), frozenset([1]), frozenset([2])}
print(len(s))
print(hasattr(f, "add"), frozenset("aa") == frozenset("a"))
