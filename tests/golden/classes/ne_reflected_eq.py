# `a != b` without __ne__: when a.__eq__ returns NotImplemented, b.__eq__ is tried
class A:
    def __eq__(self, o):
        print("A.eq")
        return NotImplemented


class B:
    def __eq__(self, o):
        print("B.eq")
        return True


print(A() == B())
print(A() != B())
print(B() != A())
