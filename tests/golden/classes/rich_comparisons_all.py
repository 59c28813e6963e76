# All six rich comparison dunders, each called for its own operator.
class N:
    def __init__(self, v):
        self.v = v
    def __eq__(self, o):
        print("eq", end=" ")
        return self.v == o.v
    def __ne__(self, o):
        print("ne", end=" ")
        return self.v != o.v
    def __lt__(self, o):
        print("lt", end=" ")
        return self.v < o.v
    def __le__(self, o):
        print("le", end=" ")
        return self.v <= o.v
    def __gt__(self, o):
        print("gt", end=" ")
        return self.v > o.v
    def __ge__(self, o):
        print("ge", end=" ")
        return self.v >= o.v
a, b = N(1), N(2)
print(a == b, a != b, a < b, a <= b, a > b, a >= b)
print(a == a, a != a, b < a, b <= b, b > a, a >= a)
print(sorted([N(3), N(1), N(2)], key=lambda n: n.v)[0].v, max(N(5), N(9)).v)
