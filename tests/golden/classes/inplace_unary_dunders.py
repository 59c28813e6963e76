# In-place (__iadd__ ...) and unary (__neg__ __pos__ __abs__ __invert__) dunders.
class Acc:
    def __init__(self, v):
        self.v = v
    def __repr__(self):
        return f"Acc({self.v})"
    def __iadd__(self, o):
        self.v += o
        return self
    def __isub__(self, o):
        self.v -= o
        return self
    def __imul__(self, o):
        self.v *= o
        return self
    def __add__(self, o):
        return Acc(self.v + o)
    def __neg__(self):
        return Acc(-self.v)
    def __pos__(self):
        return Acc(+self.v)
    def __abs__(self):
        return Acc(abs(self.v))
    def __invert__(self):
        return Acc(~self.v)
a = Acc(1)
alias = a
a += 10
a -= 3
a *= 5
print(a, alias, a is alias)
print(-a, +a, abs(Acc(-4)), ~Acc(0))
class OnlyAdd:
    def __init__(self, v):
        self.v = v
    def __add__(self, o):
        return OnlyAdd(self.v + o)
x = OnlyAdd(1)
y = x
x += 1
print(x.v, y.v, x is y)
try:
    -OnlyAdd(1)
except TypeError as e:
    print("TypeError:", e)
