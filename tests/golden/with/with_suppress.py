# __exit__ returning a true value suppresses the exception; false lets it propagate.
class Suppress:
    def __init__(self, *types):
        self.types = types
    def __enter__(self):
        return None
    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None and issubclass(exc_type, self.types):
            print("suppressed", exc_type.__name__, exc)
            return True
        return False
with Suppress(KeyError, IndexError):
    {}["missing"]
print("continues after suppressed KeyError")
with Suppress(ZeroDivisionError) as nothing:
    print("as bound", nothing)
try:
    with Suppress(KeyError):
        raise ValueError("not suppressed")
except ValueError as e:
    print("propagated", e)
