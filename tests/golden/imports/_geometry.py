# Helper module (not a test): constants, functions and a class for import tests.
PI = 3.14159
UNIT = "cm"

def area(r):
    return PI * r * r

class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y
    def __repr__(self):
        return "Point(%r, %r)" % (self.x, self.y)
    def dist2(self, other):
        return (self.x - other.x) ** 2 + (self.y - other.y) ** 2

_private = "underscore names are still importable explicitly"
