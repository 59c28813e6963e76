# __iter__ returning a non-iterator: the same TypeError from iter(), for, list() and unpacking
class BI:
    def __iter__(self):
        return 5


def attempt(label, fn):
    try:
        fn()
    except TypeError as e:
        print(label, e)


def loop():
    for x in BI():
        pass


def unpack():
    a, b = BI()


attempt("iter", lambda: iter(BI()))
attempt("for", loop)
attempt("list", lambda: list(BI()))
attempt("unpack", unpack)
attempt("comp", lambda: [x for x in BI()])


def delegate():
    yield from BI()


attempt("yield from", lambda: list(delegate()))
