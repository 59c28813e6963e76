# list(), tuple(), dict(), set(), frozenset() from many kinds of iterables.
def gen():
    yield 3
    yield 1
    yield 3
print(list(), list("ab"), list((1, 2)), list({"k": 1}), list(range(3)), list(gen()))
print(tuple(), tuple([1, 2]), tuple("xy"), tuple(gen()))
print(dict(), dict(a=1), dict([(1, 2), [3, 4]]), dict({"a": 1}.items()), dict(zip("ab", range(2))))
print(set(), set([2, 1, 2]), set(gen()), sorted(set("hello")))
print(frozenset(), frozenset([1, 1, 2]), frozenset(range(3)))
try:
    dict([1, 2])
except TypeError as e:
    print("TypeError:", e)
try:
    dict([(1, 2, 3)])
except ValueError as e:
    print("ValueError:", e)
