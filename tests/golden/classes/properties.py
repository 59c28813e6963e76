# property with getter, setter and deleter; read-only properties.
class Circle:
    def __init__(self, radius):
        self._radius = radius
    @property
    def radius(self):
        print("get radius")
        return self._radius
    @radius.setter
    def radius(self, value):
        if value < 0:
            raise ValueError("radius must be non-negative")
        print("set radius", value)
        self._radius = value
    @radius.deleter
    def radius(self):
        print("delete radius")
        del self._radius
    @property
    def area(self):
        return 3 * self._radius ** 2
c = Circle(2)
print(c.radius, c.area)
c.radius = 5
print(c.area)
try:
    c.radius = -1
except ValueError as e:
    print("ValueError:", e)
try:
    c.area = 10
except AttributeError as e:
    print("AttributeError:", e)
del c.radius
print(hasattr(c, "_radius"))
class Old:
    def get_x(self):
        return 42
    x = property(get_x)
print(Old().x)
