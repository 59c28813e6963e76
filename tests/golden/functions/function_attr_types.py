# Assigning function attributes: __defaults__, __kwdefaults__, __code__, names and __dict__ are type-checked.
def f(a=1, *, k=2):
    return (a, k)


def closure():
    x = 1

    def h():
        return x

    return h


def other(a=10, *, k=20):
    return ("other", a, k)


def attempt(label, fn):
    try:
        fn()
        print(label, "ok")
    except (TypeError, ValueError, AttributeError) as e:
        print(label, type(e).__name__, e)


attempt("__defaults__ = 5", lambda: setattr(f, "__defaults__", 5))
attempt("__defaults__ = (7,)", lambda: setattr(f, "__defaults__", (7,)))
print(f(), f.__defaults__)
attempt("__defaults__ = None", lambda: setattr(f, "__defaults__", None))
attempt("f()", lambda: f())
print(f.__defaults__)
attempt("__kwdefaults__ = 5", lambda: setattr(f, "__kwdefaults__", 5))
attempt("__kwdefaults__ = {'k': 9}", lambda: setattr(f, "__kwdefaults__", {"k": 9}))
print(f(0), f.__kwdefaults__)
attempt("del __kwdefaults__", lambda: delattr(f, "__kwdefaults__"))
print(f.__kwdefaults__)
attempt("__code__ = 5", lambda: setattr(f, "__code__", 5))
attempt("__code__ = closure code", lambda: setattr(f, "__code__", closure().__code__))
attempt("del __code__", lambda: delattr(f, "__code__"))
attempt("__code__ = other.__code__", lambda: setattr(f, "__code__", other.__code__))
print(f(1, k=2))
attempt("__name__ = 5", lambda: setattr(f, "__name__", 5))
attempt("del __name__", lambda: delattr(f, "__name__"))
attempt("__qualname__ = None", lambda: setattr(f, "__qualname__", None))
attempt("__name__ = 'g'", lambda: setattr(f, "__name__", "g"))
print(f.__name__, f.__qualname__)
attempt("__globals__ = {}", lambda: setattr(f, "__globals__", {}))
attempt("__closure__ = ()", lambda: setattr(f, "__closure__", ()))
attempt("__dict__ = 5", lambda: setattr(f, "__dict__", 5))
attempt("del __dict__", lambda: delattr(f, "__dict__"))
attempt("__dict__ = {'tag': 1}", lambda: setattr(f, "__dict__", {"tag": 1}))
print(f.tag)
attempt("__doc__ = 5", lambda: setattr(f, "__doc__", 5))
print(f.__doc__)
