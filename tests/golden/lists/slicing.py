# List slicing: copies, steps, negative bounds.
a = list(range(10))
print(a[2:5], a[:3], a[7:], a[-3:], a[::3], a[::-1], a[8:2:-2], a[-2:-8:-3])
b = a[:]
b[0] = 99
print(a[0], b[0], a[5:1], a[100:200])
