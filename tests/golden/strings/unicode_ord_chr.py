# Non-ASCII strings: len, indexing, ord and chr round trips.
s = "naïve café ∑ 😀"
print(len(s), s[2], s[-1], s[11])
print([ord(c) for c in "aé∑😀"])
print(chr(97), chr(233), chr(8721), chr(128512), chr(0x4E2D))
print("".join(chr(ord(c) + 1) for c in "HAL"))
print(s.upper(), s[::-1])
try:
    chr(-1)
except ValueError as e:
    print("ValueError:", e)
try:
    ord("ab")
except TypeError as e:
    print("TypeError:", e)
