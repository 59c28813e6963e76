# T.__new__(S): S must be a type, a subtype of T, and use T's allocator (CPython's checks), or instances are made.
def gen():
    yield 1


def attempt(label, fn):
    try:
        r = fn()
        print(label, "->", type(r).__name__, repr(r) if type(r) in (int, str, tuple, list) else "")
    except TypeError as e:
        print(label, "!!", e)


class A:
    pass


class WithInit:
    def __init__(self, x):
        self.x = x


class WithNew:
    def __new__(cls, *args):
        print("WithNew.__new__", args)
        return super().__new__(cls)


class E(Exception):
    pass


attempt("object.__new__(int)", lambda: object.__new__(int))
attempt("object.__new__(5)", lambda: object.__new__(5))
attempt("object.__new__()", lambda: object.__new__())
attempt("object.__new__(A)", lambda: object.__new__(A))
attempt("object.__new__(A, 1)", lambda: object.__new__(A, 1))
attempt("object.__new__(WithInit, 1)", lambda: object.__new__(WithInit, 1))
attempt("object.__new__(WithNew, 1)", lambda: object.__new__(WithNew, 1))
attempt("object.__new__(E)", lambda: object.__new__(E))
attempt("object.__new__(generator)", lambda: object.__new__(type(gen())))
attempt("A.__new__(A)", lambda: A.__new__(A))
attempt("WithNew(1, 2)", lambda: WithNew(1, 2))
attempt("int.__new__(int, '12')", lambda: int.__new__(int, "12"))
attempt("int.__new__(str)", lambda: int.__new__(str))
attempt("int.__new__(bool)", lambda: int.__new__(bool))
attempt("bool.__new__(int)", lambda: bool.__new__(int))
attempt("bool.__new__(bool, 1)", lambda: bool.__new__(bool, 1))
attempt("str.__new__(str, 5)", lambda: str.__new__(str, 5))
attempt("tuple.__new__(tuple, [1])", lambda: tuple.__new__(tuple, [1]))
attempt("list.__new__(list)", lambda: list.__new__(list))
attempt("list.__new__(int)", lambda: list.__new__(int))
attempt("dict.__new__(dict)", lambda: dict.__new__(dict))
attempt("type.__new__(5)", lambda: type.__new__(5))
attempt("type.__new__(int)", lambda: type.__new__(int))
attempt("BaseException.__new__(E).args", lambda: BaseException.__new__(E).args)
attempt("E.__new__(E, 1, 2).args", lambda: E.__new__(E, 1, 2).args)
attempt("Exception.__new__(ValueError, 3).args", lambda: Exception.__new__(ValueError, 3).args)
attempt("ValueError.__new__(KeyError)", lambda: ValueError.__new__(KeyError))
attempt("BaseException.__new__(int)", lambda: BaseException.__new__(int))
print(int.__new__.__name__, int.__new__.__self__ is int, object.__new__.__self__ is object)
