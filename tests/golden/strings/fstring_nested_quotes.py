# f-strings mixing quote styles, method calls, and repr/str of objects.
class P:
    def __init__(self, x):
        self.x = x
    def __repr__(self):
        return f"P({self.x!r})"
    def __str__(self):
        return f"<P {self.x}>"
    def __format__(self, spec):
        return f"P-formatted[{spec}]"
p = P("a")
print(f"{p} {p!r} {p!s} {p:xyz}")
people = [("ann", 31), ("bob", 4)]
for name, age in people:
    print(f"{name:>6}|{age:3d}|{'adult' if age >= 18 else 'child'}")
print(f'{"double inside single"}', f"{'single inside double'}")
print(f"""{"triple"} {'quoted'}""")
print(f"{','.join(str(i) for i in range(4))}")
