# pyperformance-style benchmark: the "chaos game" -- an iterated function system drawing
# a fractal into a character grid, driven by a deterministic linear congruential generator.
import pyperf


class LCG:
    def __init__(self, seed):
        self.state = seed

    def next_int(self, bound):
        self.state = (self.state * 1103515245 + 12345) % 2147483648
        return (self.state >> 8) % bound

    def random(self):
        self.state = (self.state * 1103515245 + 12345) % 2147483648
        return self.state / 2147483648.0


class Affine:
    def __init__(self, a, b, c, d, e, f, weight):
        self.a, self.b, self.c, self.d, self.e, self.f = a, b, c, d, e, f
        self.weight = weight

    def apply(self, x, y):
        return self.a * x + self.b * y + self.e, self.c * x + self.d * y + self.f


FERN = [
    Affine(0.0, 0.0, 0.0, 0.16, 0.0, 0.0, 0.01),
    Affine(0.85, 0.04, -0.04, 0.85, 0.0, 1.6, 0.85),
    Affine(0.2, -0.26, 0.23, 0.22, 0.0, 1.6, 0.07),
    Affine(-0.15, 0.28, 0.26, 0.24, 0.0, 0.44, 0.07),
]


def pick(maps, rng):
    r = rng.random()
    acc = 0.0
    for m in maps:
        acc += m.weight
        if r < acc:
            return m
    return maps[-1]


def chaos_game(iterations, width, height):
    rng = LCG(20240601)
    grid = [[" "] * width for _ in range(height)]
    x, y = 0.0, 0.0
    hits = 0
    for i in range(iterations):
        x, y = pick(FERN, rng).apply(x, y)
        if i < 20:
            continue
        col = int((x + 2.75) / 5.5 * (width - 1))
        row = int((10.0 - y) / 10.0 * (height - 1))
        if 0 <= col < width and 0 <= row < height:
            if grid[row][col] == " ":
                hits += 1
            grid[row][col] = "*"
    return grid, hits, x, y


if __name__ == "__main__":
    runner = pyperf.Runner()
    runner.metadata["description"] = "Chaos game fractal (iterated function system)"
    grid, hits, x, y = chaos_game(20000, 40, 24)
    for row in grid:
        print("".join(row).rstrip())
    print("cells hit:", hits, "last point: %.6f %.6f" % (x, y))
    runner.bench_func("chaos", chaos_game, 5000, 40, 24)
