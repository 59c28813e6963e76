# str.encode and bytes.decode with UTF-8, and the error on bad data.
s = "héllo €"
b = s.encode()
print(b, len(b), len(s))
print(b.decode(), b.decode("utf-8") == s, "abc".encode("ascii"))
print(s.encode("utf-8")[1:3], bytes(s, "utf-8") == b)
try:
    b"\xff\xfe".decode("utf-8")
except ValueError as e:
    print(isinstance(e, ValueError), e)
