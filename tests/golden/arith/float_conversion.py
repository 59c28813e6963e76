# float() from ints and strings; float methods.
print(float(3), float(-7), float("2.5"), float("  -1e3 "), float("inf"), float("-nan"))
print(float(".5"), float("5."), float("1_000.5"), float("1E2"), float())
print((2.5).is_integer(), (3.0).is_integer(), (0.5).as_integer_ratio(), (-0.75).as_integer_ratio())
print(float(True), float(False))
for bad in ["", "abc", "1.2.3", "1e"]:
    try:
        float(bad)
    except ValueError as e:
        print("ValueError:", e)
try:
    float(None)
except TypeError as e:
    print("TypeError:", e)
