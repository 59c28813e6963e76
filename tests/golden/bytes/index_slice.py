# Indexing bytes gives ints; slicing gives bytes.
b = b"hello world"
print(b[0], b[-1], b[1:5], b[::-1], b[::2], b[-5:])
print(list(b[:3]), [x for x in b"AB"], b[100:])
try:
    b[20]
except IndexError as e:
    print("IndexError:", e)
try:
    b[0] = 1
except TypeError as e:
    print("TypeError:", e)
