# Common bytes methods.
b = b"  Hello, World  "
print(b.strip(), b.lower(), b.upper(), b.split(b","), b.strip().split())
print(b.find(b"World"), b.count(b"l"), b.replace(b"l", b"L"), b.startswith(b"  H"), b.endswith(b" "))
print(b"-".join([b"a", b"b", b"c"]), b"abc".decode(), b"x,y".partition(b","))
print(b"abc".isalpha(), b"123".isdigit(), b"ab".hex(), bytes.fromhex("41 42 ff"))
print(b"abc".index(b"c"), b"a" in b"abc", 98 in b"abc", b"abab".rfind(b"ab"))
