"""Floating point: estimate the largest singular value of the infinite
matrix a(i, j) = 1 / ((i + j) * (i + j + 1) / 2 + i + 1) truncated to
n x n, by power iteration on A^T A. Exercises float division, nested
loops, list indexing and function calls."""
import sys


def entry(i, j):
    s = i + j
    return 1.0 / (s * (s + 1) // 2 + i + 1)


def times(v):
    n = len(v)
    out = []
    for i in range(n):
        acc = 0.0
        for j in range(n):
            acc += entry(i, j) * v[j]
        out.append(acc)
    return out


def times_transposed(v):
    n = len(v)
    out = []
    for i in range(n):
        acc = 0.0
        for j in range(n):
            acc += entry(j, i) * v[j]
        out.append(acc)
    return out


def norm_estimate(n, rounds):
    u = [1.0] * n
    v = u
    for _ in range(rounds):
        v = times_transposed(times(u))
        u = times_transposed(times(v))
    vbv = 0.0
    vv = 0.0
    for a, b in zip(u, v):
        vbv += a * b
        vv += b * b
    return (vbv / vv) ** 0.5


def run(iterations):
    total = 0.0
    last = 0.0
    for i in range(iterations):
        last = norm_estimate(60 + i % 5, 4)
        total += last
    return total, last


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    total, last = run(n)
    print("spectral", n, "%.12f" % total, repr(last))
