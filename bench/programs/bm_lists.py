"""List work: sorting (with and without key functions), slicing with
steps, slice assignment, comprehensions, zip/enumerate, list methods and
nested lists (a matrix product and transpose)."""
import sys


def lcg_list(seed, n):
    out = []
    x = seed
    for _ in range(n):
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
        out.append(x % 1000003)
    return out


def sorting(data):
    a = sorted(data)
    b = sorted(data, reverse=True)
    c = sorted(data, key=lambda v: (v % 1000, v))
    d = list(data)
    d.sort(key=str)
    return a[len(a) // 2] + b[7] + c[-1] + d[3] + len(d)


def slicing(data):
    total = 0
    for step in (1, 2, 3, 5, 7):
        part = data[::step]
        total += len(part) + part[-1]
        total += sum(data[step:step + 50])
        rev = data[::-step]
        total += rev[0]
    work = list(data[:500])
    work[10:20] = [0] * 5
    work[::3] = [1] * len(work[::3])
    del work[5:15]
    total += sum(work) + len(work)
    return total


def comprehensions(data):
    squares = [x * x for x in data if x % 3]
    pairs = [(i, x) for i, x in enumerate(data[:300]) if i % 2 == 0]
    nested = [[i * j for j in range(20)] for i in range(20)]
    flat = [v for row in nested for v in row]
    return sum(squares) % 1000003 + len(pairs) + sum(flat)


def matrix(n):
    a = [[(i * n + j) % 7 for j in range(n)] for i in range(n)]
    b = [list(col) for col in zip(*a)]
    c = [[sum(x * y for x, y in zip(row, col)) for col in b] for row in a]
    return sum(map(sum, c))


def methods(data):
    stack = []
    for x in data[:2000]:
        if x % 5 == 0 and stack:
            stack.pop()
        else:
            stack.append(x)
    stack.reverse()
    stack.insert(0, 99)
    stack.extend(range(10))
    return len(stack) + stack.index(99) + stack.count(0) + max(stack) - min(stack)


def run(iterations):
    total = 0
    for i in range(iterations):
        data = lcg_list(i + 1, 4000)
        total += sorting(data)
        total += slicing(data)
        total += comprehensions(data)
        total += matrix(24)
        total += methods(data)
    return total


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 120
    print("lists", n, run(n))
