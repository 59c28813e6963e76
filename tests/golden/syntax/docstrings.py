"""A module docstring: the first statement of the program."""
# Docstrings of modules, functions and classes; a string statement elsewhere is a no-op.
def f():
    """Function docstring."""
    "not a docstring, just an expression statement"
    return 1
class C:
    """Class docstring."""
    def m(self):
        """Method docstring."""
print(__doc__)
print(f.__doc__, f(), C.__doc__, C.m.__doc__)
