# int() from floats, strings (with bases) and bools.
print(int(3.9), int(-3.9), int(0.0), int(-0.5), int(1e18))
print(int("42"), int("  -17  "), int("+5"), int("1_000"), int("0"))
print(int("ff", 16), int("FF", 16), int("0xff", 16), int("0xff", 0), int("777", 8), int("0o777", 0))
print(int("1010", 2), int("0b1010", 0), int("z", 36), int("10", 3))
print(int(True), int(False), int(), int("  12\n"))
for bad in ["", "1.5", "abc", "12a", "1 2", "0x"]:
    try:
        int(bad)
    except ValueError as e:
        print("ValueError:", e)
try:
    int("9", 8)
except ValueError as e:
    print("ValueError:", e)
try:
    int([1])
except TypeError as e:
    print("TypeError:", e)
