# str() and repr() of builtin values, nested containers and special floats.
values = [0, -5, 2.0, 1e100, float("nan"), True, None, "s", "it's", b"b", [1, "a"], (1,), (), {"k": (1, 2)},
          {1, 2}, frozenset({3}), range(1, 5), slice(1, 2)]
for v in values:
    print(str(v), "|", repr(v))
print(str(), repr(str), repr(int), str(len))
