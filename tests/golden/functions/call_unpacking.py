# Argument unpacking into positional and keyword parameters.
def point(x, y, z=0):
    return (x, y, z)
coords = (1, 2)
print(point(*coords), point(*coords, 3), point(*[1], **{"y": 5}), point(**{"z": 1, "x": 2, "y": 3}))
print(point(*"ab"), point(*range(3)))
try:
    point(*[1, 2, 3, 4])
except TypeError as e:
    print("TypeError:", e)
try:
    point(1, 2, **{"y": 5})
except TypeError as e:
    print("TypeError:", e)
