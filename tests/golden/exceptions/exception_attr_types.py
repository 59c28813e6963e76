# Exception attributes keep their types: args becomes a tuple, __traceback__/__cause__/__context__ are checked.
def attempt(label, fn):
    try:
        print(label, "->", fn())
    except TypeError as e:
        print(label, "!!", e)


e = ValueError("x")


def setattr_(name, v):
    setattr(e, name, v)
    return getattr(e, name)


attempt("args = [1, 2]", lambda: setattr_("args", [1, 2]))
attempt("str(e)", lambda: str(e))
attempt("args = 'ab'", lambda: setattr_("args", "ab"))
attempt("args = 5", lambda: setattr_("args", 5))
attempt("args = (3,)", lambda: setattr_("args", (3,)))
attempt("__traceback__ = 5", lambda: setattr_("__traceback__", 5))
attempt("__traceback__ = None", lambda: setattr_("__traceback__", None))
attempt("__cause__ = 5", lambda: setattr_("__cause__", 5))
attempt("__cause__ = KeyError(1)", lambda: setattr_("__cause__", KeyError(1)))
attempt("__suppress_context__", lambda: e.__suppress_context__)
attempt("__context__ = 'x'", lambda: setattr_("__context__", "x"))
attempt("__context__ = None", lambda: setattr_("__context__", None))
attempt("__suppress_context__ = 1", lambda: setattr_("__suppress_context__", 1))
attempt("__suppress_context__ = False", lambda: setattr_("__suppress_context__", False))
attempt("with_traceback(5)", lambda: e.with_traceback(5))
attempt("with_traceback(None)", lambda: e.with_traceback(None) is e)
for name in ["args", "__traceback__", "__cause__", "__context__", "__suppress_context__"]:
    attempt("del " + name, lambda: delattr(e, name))
e.note = "kept"
print(e.note, e.args)

# A raise still reports the chain built from the attributes that were accepted.
try:
    try:
        raise KeyError("inner")
    except KeyError as k:
        err = ValueError("outer")
        err.__cause__ = k
        raise err
except ValueError as v:
    print(type(v.__cause__).__name__, v.__cause__, v.__suppress_context__)
    v.__traceback__ = None
    print(v.__traceback__)
