"""Nested integer loops: a sieve, a triple loop with arithmetic and
branches, and a while-loop Collatz search. Exercises the dispatch loop,
local variables and small-int arithmetic."""
import sys


def sieve(limit):
    flags = [True] * (limit + 1)
    flags[0] = flags[1] = False
    i = 2
    while i * i <= limit:
        if flags[i]:
            for j in range(i * i, limit + 1, i):
                flags[j] = False
        i += 1
    count = 0
    for f in flags:
        if f:
            count += 1
    return count


def triple(n):
    acc = 0
    for a in range(n):
        for b in range(a, n):
            c = a * b
            if c % 3 == 0:
                acc += c >> 1
            elif c & 1:
                acc -= a
            else:
                acc ^= b
    return acc


def collatz(limit):
    best, best_len = 1, 1
    for start in range(1, limit):
        x = start
        steps = 1
        while x != 1:
            if x % 2 == 0:
                x //= 2
            else:
                x = 3 * x + 1
            steps += 1
        if steps > best_len:
            best, best_len = start, steps
    return best * 1000 + best_len


def run(iterations):
    total = 0
    for i in range(iterations):
        total += sieve(20000 + i)
        total += triple(120)
        total += collatz(3000)
    return total


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    print("loops", n, run(n))
