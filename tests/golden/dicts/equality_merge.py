# Dict equality ignores order; | and |= merge (Python 3.9+).
a = {"x": 1, "y": 2}
b = {"y": 2, "x": 1}
print(a == b, a != {"x": 1}, list(a) == list(b))
print(a | {"z": 3}, a | {"x": 100})
a |= {"w": 0}
print(a)
print({1: 1} == {1.0: 1}, {} == dict())
