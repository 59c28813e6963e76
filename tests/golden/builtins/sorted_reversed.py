# sorted() with key/reverse on any iterable; reversed() on sequences and __reversed__.
print(sorted([3, 1, 2]), sorted("cab"), sorted((2, 1)), sorted({"b": 1, "a": 2}), sorted(range(5), reverse=True))
print(sorted(["b", "A", "c"], key=str.lower), sorted([-3, 2, -1], key=abs), sorted([], reverse=True))
print(list(reversed([1, 2, 3])), list(reversed("abc")), list(reversed(range(4))), list(reversed((1, 2))))
class Countdown:
    def __reversed__(self):
        return iter(["reversed", "custom"])
print(list(reversed(Countdown())))
data = [5, 2, 9]
r = reversed(data)
print(next(r), list(r), data)
try:
    reversed({1, 2})
except TypeError as e:
    print("TypeError:", e)
