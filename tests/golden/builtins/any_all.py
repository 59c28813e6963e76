# any() and all(): empty iterables and short-circuiting.
print(any([]), all([]), any([0, 0, 1]), all([1, 1, 0]), any("abc"), all(["a", ""]))
def check(x):
    print("check", x)
    return x > 2
print(any(check(x) for x in [1, 3, 5]))
print(all(check(x) for x in [3, 1, 5]))
print(all(x > 0 for x in range(1, 5)), any(x < 0 for x in range(5)))
