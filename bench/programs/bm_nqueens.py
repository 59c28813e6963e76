"""Backtracking search: count the solutions of the n-queens puzzle with
sets of occupied columns and diagonals, and solve small instances again
with a recursive permutation generator. Exercises sets, tuples,
recursion and generators."""
import sys


def count_solutions(n):
    cols = set()
    diag1 = set()
    diag2 = set()

    def place(row):
        if row == n:
            return 1
        found = 0
        for c in range(n):
            if c in cols or (row + c) in diag1 or (row - c) in diag2:
                continue
            cols.add(c)
            diag1.add(row + c)
            diag2.add(row - c)
            found += place(row + 1)
            cols.remove(c)
            diag1.remove(row + c)
            diag2.remove(row - c)
        return found

    return place(0)


def permutations(items):
    if len(items) <= 1:
        yield tuple(items)
        return
    for i in range(len(items)):
        rest = items[:i] + items[i + 1:]
        for p in permutations(rest):
            yield (items[i],) + p


def solutions_by_permutation(n):
    result = []
    for perm in permutations(list(range(n))):
        if len({perm[i] + i for i in range(n)}) == n and len({perm[i] - i for i in range(n)}) == n:
            result.append(perm)
    return result


def run(iterations):
    total = 0
    for i in range(iterations):
        total += count_solutions(8 + i % 2)
        sols = solutions_by_permutation(6)
        total += len(sols) + sum(sols[0]) + sols[-1][0]
    return total


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    print("nqueens", n, run(n))
