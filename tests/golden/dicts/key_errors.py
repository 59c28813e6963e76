# Missing keys raise KeyError with the key's repr; unhashable keys raise TypeError.
d = {"a": 1}
try:
    d["b"]
except KeyError as e:
    print("KeyError:", e, repr(e), e.args)
try:
    d[("t", 1)]
except KeyError as e:
    print("KeyError:", e)
try:
    d[[1, 2]] = 3
except TypeError as e:
    print("TypeError:", e)
try:
    {}[{}]
except TypeError as e:
    print("TypeError:", e)
try:
    del d["zz"]
except KeyError as e:
    print("KeyError:", e)
