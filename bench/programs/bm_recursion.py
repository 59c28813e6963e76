"""Recursion: naive Fibonacci, Ackermann-style nesting and a recursive
tree build/walk. Exercises Python-to-Python calls and returns."""
import sys


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def tak(x, y, z):
    if y >= x:
        return z
    return tak(tak(x - 1, y, z), tak(y - 1, z, x), tak(z - 1, x, y))


def build(depth):
    if depth == 0:
        return None
    return (build(depth - 1), depth, build(depth - 1))


def walk(node):
    if node is None:
        return 0
    left, value, right = node
    return walk(left) + value + walk(right)


def run(iterations):
    total = 0
    for i in range(iterations):
        total += fib(20 + i % 3)
        total += tak(12, 8, 4 + i % 2)
        total += walk(build(10))
    return total


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    print("recursion", n, run(n))
