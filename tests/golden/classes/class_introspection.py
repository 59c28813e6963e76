# type(), __class__, __name__, isinstance with tuples, and classes as objects.
class A:
    pass
class B(A):
    pass
b = B()
print(type(b).__name__, b.__class__.__name__, B.__name__, type(B).__name__, type(type).__name__)
print(isinstance(b, (int, A)), isinstance(b, (int, str)), issubclass(B, (A, int)), type(b) == B, type(b) == A)
classes = [int, str, A, B]
print([c.__name__ for c in classes], [isinstance(3, c) for c in classes])
def factory(base):
    class Made(base):
        pass
    return Made
M = factory(B)
print(M.__name__, issubclass(M, A), isinstance(M(), B))
print(type(3), type("s"), type(None), type([]), type(len).__name__)
print(A, int, type(A()) is A)
