# Functions are objects: names, docstrings, attributes, passing around.
def documented(a, b):
    """Add two numbers."""
    return a + b
print(documented.__name__, documented.__doc__)
def undocumented():
    pass
print(undocumented.__doc__, undocumented())
documented.calls = 3
print(documented.calls)
ops = {"add": documented, "max": max}
print(ops["add"](2, 3), ops["max"](2, 3))
def apply(f, *args):
    return f(*args)
print(apply(documented, 1, 2), apply(len, "abc"), callable(apply), callable(3))
def make():
    def inner():
        pass
    return inner
print(make().__name__)
