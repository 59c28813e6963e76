# Concatenation, repetition, comparison and hashing of bytes.
a = b"ab"
print(a + b"cd", a * 3, a < b"ac", a < b"abc", b"b" > b"abc", a == b"ab")
d = {b"key": 1}
print(d[b"key"], b"key" in d, len({b"x", b"x"}))
print(sorted([b"b", b"a", b"ab", b""]))
try:
    a + "cd"
except TypeError as e:
    print("TypeError:", e)
