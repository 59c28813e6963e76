# ord() and chr() across ASCII, Latin-1, BMP and astral characters.
for ch in ["a", "Z", "0", " ", "\n", "é", "€", "中", "😀"]:
    print(repr(ch), ord(ch), chr(ord(ch)) == ch)
print(chr(65) + chr(66), [chr(i) for i in range(97, 102)], chr(0x10FFFF) == "\U0010ffff")
try:
    chr(0x110000)
except ValueError as e:
    print("ValueError:", e)
try:
    ord("")
except TypeError as e:
    print("TypeError:", e)
