# pyperformance-style benchmark: generators walking a tree and chained pipelines.
import pyperf


class Tree:
    def __init__(self, left, value, right):
        self.left = left
        self.value = value
        self.right = right

    def __iter__(self):
        if self.left is not None:
            yield from self.left
        yield self.value
        if self.right is not None:
            yield from self.right


def build(lo, hi):
    if lo >= hi:
        return None
    mid = (lo + hi) // 2
    return Tree(build(lo, mid), mid, build(mid + 1, hi))


def evens(it):
    for x in it:
        if x % 2 == 0:
            yield x


def scaled(it, k):
    for x in it:
        yield x * k


def windows(it, size):
    buf = []
    for x in it:
        buf.append(x)
        if len(buf) == size:
            yield tuple(buf)
            buf.pop(0)


def bench(n):
    tree = build(0, n)
    total = 0
    for w in windows(scaled(evens(tree), 3), 3):
        total += w[0] - w[1] + w[2]
    count = sum(1 for _ in tree)
    return total, count


if __name__ == "__main__":
    runner = pyperf.Runner()
    runner.metadata["description"] = "Generators: tree iteration and pipelines"
    print("checksum:", bench(5000))
    runner.bench_func("generators", bench, 2000)
