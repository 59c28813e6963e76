# Functions taking and returning functions: map, filter, sorted keys, reduce-like loops.
def reduce(f, xs, init):
    acc = init
    for x in xs:
        acc = f(acc, x)
    return acc
nums = [3, 1, 4, 1, 5, 9, 2, 6]
print(reduce(lambda a, b: a + b, nums, 0), reduce(max, nums, 0))
print(list(map(str, nums)), list(filter(lambda n: n > 3, nums)), list(filter(None, [0, 1, "", "x"])))
def memoize(f):
    cache = {}
    def wrapper(n):
        if n not in cache:
            cache[n] = f(n)
        return cache[n]
    return wrapper
@memoize
def slow_square(n):
    print("computing", n)
    return n * n
print(slow_square(4), slow_square(4), slow_square(5))
