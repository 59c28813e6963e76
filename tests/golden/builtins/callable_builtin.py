# callable() on functions, classes, instances with and without __call__, and builtins.
class WithCall:
    def __call__(self):
        return 1
class Without:
    pass
print(callable(print), callable(len), callable(lambda: 0), callable(WithCall), callable(WithCall()))
print(callable(Without()), callable(3), callable("s"), callable(str.upper), callable([].append))
