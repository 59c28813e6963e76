# Binary arithmetic dunders on a 2-D vector class.
class V:
    def __init__(self, x, y):
        self.x, self.y = x, y
    def __repr__(self):
        return f"V({self.x}, {self.y})"
    def __add__(self, o):
        return V(self.x + o.x, self.y + o.y)
    def __sub__(self, o):
        return V(self.x - o.x, self.y - o.y)
    def __mul__(self, k):
        return V(self.x * k, self.y * k)
    def __truediv__(self, k):
        return V(self.x / k, self.y / k)
    def __floordiv__(self, k):
        return V(self.x // k, self.y // k)
    def __mod__(self, k):
        return V(self.x % k, self.y % k)
    def __pow__(self, k):
        return V(self.x ** k, self.y ** k)
    def __matmul__(self, o):
        return self.x * o.x + self.y * o.y
    def __and__(self, o):
        return V(self.x & o.x, self.y & o.y)
    def __or__(self, o):
        return V(self.x | o.x, self.y | o.y)
    def __xor__(self, o):
        return V(self.x ^ o.x, self.y ^ o.y)
    def __lshift__(self, k):
        return V(self.x << k, self.y << k)
    def __rshift__(self, k):
        return V(self.x >> k, self.y >> k)
a, b = V(6, 12), V(3, 5)
print(a + b, a - b, a * 2, a / 4, a // 5, a % 5, b ** 2)
print(a & b, a | b, a ^ b, b << 2, a >> 1)
try:
    a + 1
except AttributeError as e:
    print("AttributeError:", e)
try:
    a < b
except TypeError as e:
    print("TypeError:", e)
