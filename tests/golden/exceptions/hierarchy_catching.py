# Handlers are tried in order; a base class handler catches subclasses; BaseException is not Exception.
def check(exc):
    try:
        raise exc
    except ArithmeticError:
        return "ArithmeticError handler"
    except LookupError:
        return "LookupError handler"
    except Exception:
        return "Exception handler"
    except BaseException:
        return "BaseException handler"
for exc in [ZeroDivisionError(), OverflowError(), KeyError(), IndexError(), ValueError(), GeneratorExit(), StopIteration(), RecursionError()]:
    print(type(exc).__name__, "->", check(exc))
