# f-strings: expressions, conversions, self-documenting =, braces escaping.
name = "world"
n = 42
items = [1, 2, 3]
print(f"hello {name}!")
print(f"{n + 1} {n * 2} {items[1]} {len(items)} {name.upper()}")
print(f"{name!r} {name!s} {'quoted'!r}")
print(f"{{literal braces}} {{{n}}}")
print(f"{n=} {name = } {n*2=}")
print(f"{'nested'} {f'inner {n}'}")
d = {"key": "value"}
print(f"{d['key']} {d}")
print(f"{3.5} {None} {True} {[1, 'a']}")
print(F"capital F {n}")
x = 10
print(f"{x if x > 5 else 0} {(lambda v: v * 2)(x)}")
print(f"multi {n} "
      f"part {name}")
