# type() of values and type objects; comparing types; type as constructor call.
for v in [1, 1.5, "s", b"b", [], (), {}, set(), frozenset(), range(1), None, True, len, print]:
    print(type(v).__name__, end=" ")
print()
print(type(1) is int, type(True) is bool, type(True) is int, type([]) == list, type(type(1)) is type)
print(type("x")("abc"), type(5)("12") + 1, type([])((1, 2)))
class K:
    pass
k = K()
print(type(k) is K, type(k).__name__, type(K).__name__)
