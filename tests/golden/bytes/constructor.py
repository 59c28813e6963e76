# bytes() from ints, lists, strings with encoding, and other bytes.
print(bytes(), bytes(3), bytes([65, 66, 67]), bytes(range(5)), bytes((0, 255)))
print(bytes("héllo", "utf-8"), bytes(b"copy"), bytes([]) == b"")
try:
    bytes([256])
except ValueError as e:
    print("ValueError:", e)
try:
    bytes("no encoding")
except TypeError as e:
    print("TypeError:", e)
try:
    bytes([-1])
except ValueError as e:
    print("ValueError:", e)
