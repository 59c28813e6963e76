# sum() of ints and floats, with start values, over generators.
print(sum([1, 2, 3]), sum([]), sum([], 10), sum(range(101)), sum([0.1] * 10), sum([1, 2.5]))
print(sum([[1], [2, 3]], []), sum(((1,), (2,)), ()), sum(x * x for x in range(4)), sum([True, True]))
print(sum([1e100, 1.0, -1e100]), sum([0.1, 0.2, 0.3]))
try:
    sum(["a", "b"], "")
except TypeError as e:
    print("TypeError:", e)
