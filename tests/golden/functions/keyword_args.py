# Keyword arguments: any order, mixed with positional; error messages.
def box(width, height, depth=1, label="box"):
    return f"{label}: {width}x{height}x{depth}"
print(box(1, 2), box(height=5, width=4), box(1, 2, label="crate", depth=3))
try:
    box(1, 2, width=3)
except TypeError as e:
    print("TypeError:", e)
try:
    box(1, color="red")
except TypeError as e:
    print("TypeError:", e)
try:
    box()
except TypeError as e:
    print("TypeError:", e)
try:
    box(1)
except TypeError as e:
    print("TypeError:", e)
try:
    box(1, 2, 3, 4, 5)
except TypeError as e:
    print("TypeError:", e)
