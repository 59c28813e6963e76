# pyperformance-style benchmark: method calls -- plain, inherited, via super(),
# through properties, staticmethods, classmethods and bound-method objects.
import pyperf


class Shape:
    count = 0

    def __init__(self, size):
        self.size = size
        Shape.count += 1

    def area(self):
        return self.size * self.size

    def scaled(self, k):
        return self.area() * k

    @property
    def double(self):
        return self.size * 2

    @staticmethod
    def unit():
        return 1

    @classmethod
    def kind(cls):
        return len(cls.__name__)


class Rect(Shape):
    def __init__(self, w, h):
        super().__init__(w)
        self.h = h

    def area(self):
        return self.size * self.h

    def scaled(self, k):
        return super().scaled(k) + 1


class Square(Rect):
    def __init__(self, s):
        super().__init__(s, s)


def calls(n):
    shapes = [Shape(3), Rect(2, 5), Square(4)]
    total = 0
    for i in range(n):
        for s in shapes:
            total += s.area() + s.scaled(2) + s.double + s.unit() + s.kind()
        f = shapes[i % 3].area
        total += f() - f()
    return total, Shape.count


if __name__ == "__main__":
    runner = pyperf.Runner()
    runner.metadata["description"] = "Method calls of several kinds"
    print("checksum:", calls(5000))
    runner.bench_func("method_calls", calls, 2000)
