"""Closures and higher-order functions: counters with nonlocal, function
factories, decorators, lambdas passed to map/filter/sorted, and
functions stored in dicts. Exercises cells, calls through variables and
keyword arguments."""
import sys


def make_counter(start=0, step=1):
    count = start

    def bump(times=1):
        nonlocal count
        count += step * times
        return count

    return bump


def compose(*funcs):
    def composed(x):
        for f in reversed(funcs):
            x = f(x)
        return x

    return composed


def memoize(fn):
    cache = {}

    def wrapper(*args):
        if args in cache:
            return cache[args]
        value = fn(*args)
        cache[args] = value
        return value

    return wrapper


def logged(prefix):
    def decorate(fn):
        calls = [0]

        def wrapper(*args, **kwargs):
            calls[0] += 1
            return fn(*args, **kwargs) + len(prefix)

        wrapper.calls = calls
        return wrapper

    return decorate


@logged("op")
def weighted(a, b, *, weight=2):
    return a * weight + b


@memoize
def paths(r, c):
    if r == 0 or c == 0:
        return 1
    return (paths(r - 1, c) + paths(r, c - 1)) % 1000000007


OPS = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b % 65521,
    "max": max,
}


def run(iterations):
    total = 0
    for it in range(iterations):
        counters = [make_counter(i, step=i % 3 + 1) for i in range(50)]
        for rep in range(40):
            for c in counters:
                total += c() + c(times=2)
        f = compose(lambda x: x + 1, lambda x: x * 3, abs)
        total += sum(map(f, range(-2000, 2000)))
        total += len(list(filter(lambda v: v % 7 == 3, range(20000))))
        total += sum(sorted(range(3000), key=lambda v: -v)[:10])
        for i in range(3000):
            total += weighted(i, it, weight=3) + weighted(i, 1)
        total += paths(60 + it % 5, 60)
        acc = 1
        names = sorted(OPS)
        for i in range(4000):
            acc = OPS[names[i % 4]](acc, i) % 1000003
        total += acc
    return total + weighted.calls[0]


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 120
    print("closures", n, run(n))
