# hash() of numbers: equal numbers hash equal; small ints hash to themselves.
print(hash(0), hash(1), hash(-1), hash(12345), hash(-2), hash(True), hash(False))
print(hash(1) == hash(1.0), hash(2.0) == 2, hash(-0.0), hash(0.5) == hash(0.5))
print(hash((1, 2)) == hash((1, 2)), hash(()) == hash(()), hash((1, 2)) == hash((1.0, 2.0)))
d = {1: "int"}
d[1.0] = "float"
d[True] = "bool"
print(d)
print(len({1, 1.0, True, 2, 2.0}))
