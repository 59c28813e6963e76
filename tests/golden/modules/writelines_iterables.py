# file.writelines over user iterators, iterables and generators, with errors raised part-way and the file closed under it.
class Count:
    def __init__(self, n, fail_at=None):
        self.i = 0
        self.n = n
        self.fail_at = fail_at

    def __iter__(self):
        return self

    def __next__(self):
        if self.i == self.fail_at:
            raise ValueError("boom at %d" % self.i)
        if self.i >= self.n:
            raise StopIteration
        self.i += 1
        return "%d;" % self.i


class Lines:
    def __iter__(self):
        return Count(2)


class BadIter:
    def __iter__(self):
        return 5


class IterRaises:
    def __iter__(self):
        raise KeyError("no iter")


def numbers():
    yield "a\n"
    yield 5


name = "_tmp_writelines_iterables.txt"
out = open(name, "w")
out.writelines(Count(3))
out.writelines(Lines())
out.writelines(str(i) for i in range(3))
out.writelines(map(str.upper, ["x", "y"]))
out.writelines(["\n"])
for label, arg in [("fails", Count(5, fail_at=1)), ("bad iter", BadIter()),
                   ("iter raises", IterRaises()), ("not str", numbers()), ("not iterable", 5)]:
    try:
        out.writelines(arg)
    except Exception as e:
        print(label, type(e).__name__, e)


def closer():
    yield "[last]"
    out.close()
    yield "never"


try:
    out.writelines(closer())
except ValueError as e:
    print("closed", e)
with open(name) as f:
    print(repr(f.read()))
    try:
        f.writelines(["x"])
    except Exception as e:
        print(type(e).__name__, e)
