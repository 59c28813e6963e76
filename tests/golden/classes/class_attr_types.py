# Assigning a class's own attributes: __name__/__qualname__ take strings; __mro__, __base__, __dict__ are read-only.
class A:
    pass


def attempt(label, fn):
    try:
        fn()
        print(label, "ok")
    except (TypeError, AttributeError) as e:
        print(label, type(e).__name__, e)


attempt("__name__ = 5", lambda: setattr(A, "__name__", 5))
attempt("del __name__", lambda: delattr(A, "__name__"))
attempt("__qualname__ = 5", lambda: setattr(A, "__qualname__", 5))
attempt("del __qualname__", lambda: delattr(A, "__qualname__"))
attempt("del __module__", lambda: delattr(A, "__module__"))
attempt("__mro__ = ()", lambda: setattr(A, "__mro__", ()))
attempt("__base__ = int", lambda: setattr(A, "__base__", int))
attempt("__dict__ = {}", lambda: setattr(A, "__dict__", {}))
attempt("__class__ = int", lambda: setattr(A, "__class__", int))
attempt("list.append = 1", lambda: setattr(list, "append", 1))
attempt("del list.append", lambda: delattr(list, "append"))
attempt("int.x = 1", lambda: setattr(int, "x", 1))
attempt("__name__ = 'B'", lambda: setattr(A, "__name__", "B"))
print(A.__name__, A.__qualname__, A)
attempt("__qualname__ = 'Q.B'", lambda: setattr(A, "__qualname__", "Q.B"))
print(A.__name__, A.__qualname__, A)
attempt("__module__ = 'mod'", lambda: setattr(A, "__module__", "mod"))
print(A.__module__, A)
attempt("__doc__ = 'doc'", lambda: setattr(A, "__doc__", "doc"))
print(A.__doc__, A.__mro__ == (A, object), A.__base__ is object)
