# Iterating, summing and mapping over bytes.
data = b"\x01\x02\x03\xfe"
total = 0
for x in data:
    total += x
print(total, sum(data), max(data), min(data), list(reversed(data)))
print(bytes(x ^ 0xff for x in data), len(data))
checksum = 0
for i, x in enumerate(b"prickle"):
    checksum = (checksum * 31 + x + i) & 0xFFFFFFFF
print(checksum)
