# Each builtin exception class named in the subset is raised and caught by name.
classes = [BaseException, Exception, StopIteration, ValueError, TypeError, KeyError, IndexError,
           ZeroDivisionError, RecursionError, AttributeError, NameError, RuntimeError,
           OverflowError, AssertionError, NotImplementedError, GeneratorExit, LookupError,
           ArithmeticError]
for cls in classes:
    try:
        raise cls("raised " + cls.__name__)
    except cls as e:
        print(cls.__name__, "caught:", e, "| Exception subclass:", isinstance(e, Exception))
print(issubclass(RecursionError, RuntimeError), issubclass(NotImplementedError, RuntimeError))
print(issubclass(ZeroDivisionError, ArithmeticError), issubclass(OverflowError, ArithmeticError))
print(issubclass(KeyError, LookupError), issubclass(IndexError, LookupError))
print(issubclass(GeneratorExit, Exception), issubclass(StopIteration, Exception))
