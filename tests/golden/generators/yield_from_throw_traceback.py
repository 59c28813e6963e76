# The traceback of an exception raised by a sub-iterator's throw method runs through the delegating generators' `yield from` lines
class Sub:
    def __iter__(self):
        return self

    def __next__(self):
        return 1

    def throw(self, exc):
        raise RuntimeError("Sub.throw failed") from exc


def middle():
    yield from Sub()


def top():
    x = 1
    yield from middle()


g = top()
next(g)
g.throw(KeyError("k"))
