# hash() of hashable values is consistent with equality; unhashable types raise.
print(hash(42) == hash(42), hash(42.0) == hash(42), hash("abc") == hash("a" + "bc"), hash((1, "x")) == hash((1, "x")))
print(hash(frozenset([1, 2])) == hash(frozenset([2, 1])), hash(None) == hash(None), hash(b"ab") == hash(b"ab"))
print(hash(7), hash(-7), hash(0), hash(False), type(hash("s")).__name__)
for bad in ([1], {"a": 1}, {1}):
    try:
        hash(bad)
    except TypeError as e:
        print("TypeError:", e)
