# Lambda expressions: defaults, closures, immediate calls, in sort keys.
square = lambda x: x * x
add = lambda a, b=10: a + b
print(square(7), add(1), add(1, 2), (lambda: "no args")())
print(sorted(["bb", "a", "ccc"], key=lambda s: -len(s)))
print(list(map(lambda x, y: x + y, [1, 2], [10, 20])))
make_adder = lambda n: lambda x: x + n
print(make_adder(5)(10))
print((lambda *a, **k: (a, k))(1, z=2))
print(square.__name__)
