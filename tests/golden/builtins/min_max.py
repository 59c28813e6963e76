# min() and max() with several arguments, iterables, key= and default=.
print(min(3, 1, 2), max(3, 1, 2), min([4, 2, 8]), max("hello"), min((5,)))
words = ["pear", "fig", "banana", "kiwi"]
print(min(words), max(words), min(words, key=len), max(words, key=len), max(words, key=lambda w: w[-1]))
print(max([], default="empty"), min([], default=None), max([1, 2], default=0))
print(max(1, 2.5), min(-1, -1.0), max([3, 3.0]), min([3.0, 3]))
print(max([(1, "b"), (1, "a"), (0, "z")]), min({"b": 1, "a": 2}))
print(max(x * x for x in range(-5, 3)), min(range(10, 0, -3)))
try:
    max([])
except ValueError as e:
    print("ValueError:", e)
try:
    min(1)
except TypeError as e:
    print("TypeError:", e)
try:
    max(1, "a")
except TypeError as e:
    print("TypeError:", e)
