# Rich comparisons __lt__ __le__ __gt__ __ge__; reflection; sorting objects.
class Version:
    def __init__(self, s):
        self.parts = tuple(int(p) for p in s.split("."))
    def __repr__(self):
        return "v" + ".".join(map(str, self.parts))
    def __eq__(self, other):
        return self.parts == other.parts
    def __lt__(self, other):
        return self.parts < other.parts
    def __le__(self, other):
        return self.parts <= other.parts
vs = [Version(s) for s in ["1.10", "1.2", "0.9.9", "1.2.1", "1.2"]]
print(sorted(vs), max(vs), min(vs))
a, b = Version("1.0"), Version("2.0")
print(a < b, a <= b, a > b, a >= b, b > a)
class OnlyLt:
    def __init__(self, v):
        self.v = v
    def __lt__(self, other):
        print("lt", self.v, other.v)
        return self.v < other.v
print(OnlyLt(1) > OnlyLt(2))
try:
    OnlyLt(1) <= OnlyLt(2)
except TypeError as e:
    print("TypeError:", e)
