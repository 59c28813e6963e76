# zip() over iterables of different lengths; unzipping with zip(*...).
print(list(zip([1, 2, 3], "abc")), list(zip()), list(zip([1, 2, 3], "ab")), list(zip(range(3))))
pairs = [(1, "one"), (2, "two"), (3, "three")]
nums, names = zip(*pairs)
print(nums, names)
print(dict(zip(["a", "b"], [1, 2])), list(zip(*[[1, 2, 3], [4, 5, 6]])))
z = zip("ab", "cd")
print(next(z), list(z), list(z))
