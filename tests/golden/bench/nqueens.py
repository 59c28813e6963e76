# pyperformance-style benchmark: count N-queens solutions by filtering permutations.
import pyperf


def permutations(items):
    """Yield every ordering of the list [items] (lexicographic by position)."""
    if len(items) <= 1:
        yield list(items)
        return
    for i in range(len(items)):
        rest = items[:i] + items[i + 1:]
        for perm in permutations(rest):
            yield [items[i]] + perm


def queens(n):
    """Return the solutions: column of the queen in each row."""
    cols = list(range(n))
    solutions = []
    for perm in permutations(cols):
        if (len(set(perm[i] + i for i in cols)) == n
                and len(set(perm[i] - i for i in cols)) == n):
            solutions.append(tuple(perm))
    return solutions


def bench(n):
    return [len(queens(k)) for k in range(4, n + 1)]


if __name__ == "__main__":
    runner = pyperf.Runner()
    runner.metadata["description"] = "N-Queens solutions by permutation filtering"
    print("solution counts:", bench(7))
    print("first 6-queens solution:", queens(6)[0])
    runner.bench_func("nqueens", bench, 6)
