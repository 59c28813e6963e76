"""Floating point objects: create many Point instances from trigonometric
functions, normalise them, and reduce with a maximum. Exercises float
arithmetic, the math module, object creation and attribute access."""
import sys
from math import sin, cos, sqrt, atan2, hypot


class Point:
    def __init__(self, i):
        self.x = x = sin(i)
        self.y = cos(i) * 3
        self.z = (x * x) / 2

    def normalize(self):
        norm = sqrt(self.x * self.x + self.y * self.y + self.z * self.z)
        self.x /= norm
        self.y /= norm
        self.z /= norm

    def maximize(self, other):
        self.x = self.x if self.x > other.x else other.x
        self.y = self.y if self.y > other.y else other.y
        self.z = self.z if self.z > other.z else other.z
        return self


def reduce_points(points):
    best = points[0]
    for p in points[1:]:
        best.maximize(p)
    return best


def run(iterations, count):
    sx = sy = sz = 0.0
    angle = 0.0
    for it in range(iterations):
        points = [Point(i + it) for i in range(count)]
        for p in points:
            p.normalize()
        best = reduce_points(points)
        sx += best.x
        sy += best.y
        sz += best.z
        angle += atan2(best.y, best.x) + hypot(best.x, best.z)
    return sx, sy, sz, angle


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 80
    sx, sy, sz, angle = run(n, 10000)
    print("float", n, repr(sx), repr(sy), repr(sz), "%.10f" % angle)
