# Traceback lines for methods, static methods, class methods and properties.
class Shape:
    def __init__(self, sides):
        self.sides = sides
    @property
    def angle_sum(self):
        return Shape.compute(self.sides)
    @staticmethod
    def compute(n):
        return (n - 2) * 180 // Shape.check(n)
    @classmethod
    def check(cls, n):
        if n < 3:
            raise ValueError(f"{cls.__name__} needs at least 3 sides, got {n}")
        return 1
print(Shape(4).angle_sum)
print(Shape(2).angle_sum)
