# str.format: positional, numbered, named, attribute/index fields, specs.
print("{} {}".format("a", "b"), "{1} {0} {1}".format("a", "b"))
print("{name} is {age}".format(name="ann", age=31))
print("{0[0]} {0[1]} {1[key]}".format([10, 20], {"key": "v"}))
class O:
    attr = "attribute"
print("{0.attr} {o.attr}".format(O(), o=O()))
print("{:>8}|{:<8}|{:^8}|{:*^8}".format("r", "l", "c", "s"))
print("{:.3f} {:,} {:08.2f} {:x} {:#b} {:e}".format(3.14159, 1234567, -3.5, 255, 5, 1234.5))
print("{!r} {!s}".format("x", "y"), "{{}} {{{}}}".format(1))
print("{:{}{}}".format(3.14159, ".", "2f"), "{0:{1}}".format("x", 5) + "|")
try:
    "{} {}".format(1)
except IndexError as e:
    print("IndexError:", e)
try:
    "{missing}".format()
except KeyError as e:
    print("KeyError:", e)
