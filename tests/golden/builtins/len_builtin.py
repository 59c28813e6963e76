# len() of every sized builtin type and of a user class.
class Sized:
    def __len__(self):
        return 7
print(len("hello"), len(""), len([1, 2]), len((1,)), len({1: 2, 3: 4}), len({1, 2, 3}))
print(len(frozenset()), len(range(10)), len(range(0, 10, 3)), len(b"abc"), len(Sized()))
print(len({}.keys()), len({"a": 1}.items()), len("é😀"))
try:
    len(42)
except TypeError as e:
    print("TypeError:", e)
try:
    len(x for x in "abc")
except TypeError as e:
    print("TypeError:", e)
