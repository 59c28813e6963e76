# Builtin types without a Python-level constructor refuse T() and T.__new__(T) instead of making an empty shell.
def gen():
    yield 1


def attempt(label, fn):
    try:
        r = fn()
        print(label, "->", type(r).__name__)
    except TypeError as e:
        print(label, "!!", e)


g = gen()
kinds = [
    ("generator", type(g)),
    ("frame", type(g.gi_frame)),
    ("builtin", type(len)),
    ("list_iterator", type(iter([]))),
    ("list_reverseiterator", type(reversed([]))),
    ("tuple_iterator", type(iter(()))),
    ("set_iterator", type(iter(set()))),
    ("range_iterator", type(iter(range(3)))),
    ("dict_keyiterator", type(iter({}))),
    ("dict_itemiterator", type(iter({}.items()))),
    ("dict_keys", type({}.keys())),
    ("dict_values", type({}.values())),
    ("bytes_iterator", type(iter(b""))),
    ("callable_iterator", type(iter(int, 1))),
]
for label, T in kinds:
    attempt(label + "()", T)
    attempt(label + ".__new__", lambda: T.__new__(T))
    attempt(label + "(1, 2)", lambda: T(1, 2))

# Constructors with arguments, and the singletons' types.
attempt("NotImplementedType()", lambda: type(NotImplemented)() is NotImplemented)
attempt("NotImplementedType(1)", lambda: type(NotImplemented)(1))
attempt("ellipsis()", lambda: type(...)() is ...)
attempt("ellipsis(1)", lambda: type(...)(1))
attempt("NoneType()", lambda: type(None)() is None)
attempt("code()", lambda: type(gen.__code__)())
attempt("function()", lambda: type(gen)())
attempt("function(1)", lambda: type(gen)(1))


def outer():
    x = 5

    def inner():
        return x

    return inner


cell = type(outer().__closure__[0])
attempt("cell()", lambda: cell())
print(cell(7).cell_contents)
attempt("cell(1, 2)", lambda: cell(1, 2))
try:
    cell().cell_contents
except ValueError as e:
    print("empty cell:", e)


class K:
    def m(self):
        return self


method = type(K().m)
attempt("method()", lambda: method())
attempt("method(1, 2)", lambda: method(1, 2))
attempt("method(f, None)", lambda: method(K.m, None))
print(method(K.m, 42)())

import math

module = type(math)
attempt("module()", lambda: module())
attempt("module(5)", lambda: module(5))
m = module("mymod", "its doc")
print(m, m.__name__, m.__doc__)
m.x = 1
print(m.x, sorted(m.__dict__))
print(module(name="other"))
