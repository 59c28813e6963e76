# ljust, rjust, center, zfill.
for w in (0, 5, 10):
    print("[" + "abc".ljust(w) + "]", "[" + "abc".rjust(w, "*") + "]", "[" + "abc".center(w, "-") + "]")
print("[" + "ab".center(5) + "]", "[" + "ab".center(6) + "]", "[" + "abc".center(6) + "]")
print("42".zfill(5), "-42".zfill(5), "+7".zfill(4), "abc".zfill(2), "".zfill(3))
try:
    "a".ljust(3, "xy")
except TypeError as e:
    print("TypeError:", e)
