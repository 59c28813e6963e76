"""Generators: a lazy pipeline of generator functions and generator
expressions, `yield from` over a recursive tree, and send()."""
import sys


def numbers(n):
    i = 0
    while i < n:
        yield i
        i += 1


def evens(source):
    for x in source:
        if x % 2 == 0:
            yield x


def scaled(source, k):
    for x in source:
        yield x * k


def windows(source, size):
    buf = []
    for x in source:
        buf.append(x)
        if len(buf) == size:
            yield sum(buf)
            del buf[0]


def tree(depth, label):
    if depth == 0:
        yield label
        return
    yield from tree(depth - 1, label * 2)
    yield label
    yield from tree(depth - 1, label * 2 + 1)


def averager():
    total = 0
    count = 0
    avg = None
    while True:
        value = yield avg
        total += value
        count += 1
        avg = total // count


def run(iterations):
    checksum = 0
    for it in range(iterations):
        pipeline = windows(scaled(evens(numbers(20000)), 3), 4)
        checksum += sum(pipeline)
        checksum += sum(x * x for x in range(5000) if x % 7 != it % 7)
        checksum += sum(tree(9, 1))
        avg = averager()
        next(avg)
        for v in range(1, 3000):
            last = avg.send(v * (it + 1))
        checksum += last
    return checksum


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 150
    print("generators", n, run(n))
