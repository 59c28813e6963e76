# The iterator that iter() makes for objects with only __getitem__: its
# type, __next__/__iter__, exhaustion, and the builtins that use it.
class Seq:
    def __getitem__(self, i):
        if i >= 3:
            raise IndexError(i)
        return i * 10


it = iter(Seq())
print(type(it).__name__, type(it).__qualname__, type(it).__module__)
print(next(it), it.__next__())
print(list(it), list(it))
print(iter(it) is it, type(it).__iter__(it) is it)
print("__next__" in dir(type(it)), "__iter__" in dir(type(it)))
print(type(it).__next__(iter(Seq())))
print(list(Seq()), 20 in Seq(), 5 in Seq(), sorted(Seq(), reverse=True), sum(Seq()))
print(tuple(Seq()), set(Seq()) == {0, 10, 20}, max(Seq()), [x + 1 for x in Seq()])
for x in iter(Seq()):
    print("got", x)
print(type(iter(Seq())) is type(iter(Seq())), isinstance(it, type(it)))
try:
    type(it)()
except TypeError as e:
    print("TypeError", e)


class Stop:
    def __getitem__(self, i):
        if i == 2:
            raise StopIteration
        return i


print(list(Stop()))


class Bad:
    def __getitem__(self, i):
        raise KeyError(i)


try:
    next(iter(Bad()))
except KeyError as e:
    print("KeyError", e)
