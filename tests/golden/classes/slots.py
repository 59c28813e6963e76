# __slots__ is accepted; slot attributes work.
class Point:
    __slots__ = ("x", "y")
    def __init__(self, x, y):
        self.x = x
        self.y = y
    def __repr__(self):
        return f"Point({self.x}, {self.y})"
p = Point(1, 2)
p.x = 10
print(p, p.x + p.y)
class Point3(Point):
    __slots__ = ["z"]
    def __init__(self, x, y, z):
        super().__init__(x, y)
        self.z = z
q = Point3(1, 2, 3)
print(q, q.z, Point.__slots__)
