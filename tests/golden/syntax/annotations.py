# Annotations are parsed but not evaluated (with from __future__ import annotations).
from __future__ import annotations
from collections.abc import Iterable, Callable

def total(xs: Iterable[int], scale: float = 1.0) -> float:
    return sum(xs) * scale

count: int = 3
name: UndefinedTypeName
class Point:
    x: int
    y: int = 0
    def __init__(self, x: int, y: int = 0) -> None:
        self.x = x
        self.y = y
    def apply(self, f: Callable[[int], int]) -> Point:
        return Point(f(self.x), f(self.y))

print(total([1, 2, 3]), total((1, 2), scale=0.5))
p = Point(2, 3).apply(lambda v: v * 10)
print(p.x, p.y, count, Point.y)
