# __exit__ receives the exception type, value and a traceback object.
class Inspect:
    def __enter__(self):
        return self
    def __exit__(self, exc_type, exc, tb):
        print("type:", exc_type.__name__ if exc_type else None)
        print("value:", repr(exc))
        print("traceback present:", tb is not None)
        return True
with Inspect():
    pass
with Inspect():
    raise RuntimeError("inside with")
with Inspect():
    int("nope")
