# yield from forwards throw() and close() to a sub-iterator's own throw/close methods
class Sub:
    def __init__(self):
        self.n = 0

    def __iter__(self):
        return self

    def __next__(self):
        self.n += 1
        return self.n

    def throw(self, exc):
        print("Sub.throw", repr(exc))
        return "thrown-val"

    def close(self):
        print("Sub.close")


def d():
    yield from Sub()


g = d()
print(next(g))
print(g.throw(ValueError("x")))
print(next(g))
g.close()
print("end")
