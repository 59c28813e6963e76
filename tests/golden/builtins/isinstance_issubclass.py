# isinstance() and issubclass() with builtin types, user classes and tuples of classes.
class A:
    pass
class B(A):
    pass
print(isinstance(1, int), isinstance(1, float), isinstance(1.0, (int, float)), isinstance("s", str))
print(isinstance(True, int), isinstance(None, type(None)), isinstance([], (tuple, list)), isinstance(B(), A))
print(isinstance(A(), B), isinstance(A, type), isinstance(int, type), isinstance(3, object))
print(issubclass(B, A), issubclass(A, B), issubclass(A, A), issubclass(bool, (str, int)), issubclass(int, object))
print(isinstance({}, dict), isinstance(set(), frozenset), isinstance(range(1), range), isinstance(b"", bytes))
try:
    isinstance(1, 2)
except TypeError as e:
    print("TypeError:", e)
try:
    issubclass(1, int)
except TypeError as e:
    print("TypeError:", e)
