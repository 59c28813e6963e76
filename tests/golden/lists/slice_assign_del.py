# Slice assignment (growing, shrinking, extended) and slice deletion.
a = list(range(10))
a[2:5] = ["x"]; print(a)
a[1:1] = [100, 200]; print(a)
a[:2] = []; print(a)
a[-2:] = "yz"; print(a)
a[::2] = [0] * len(a[::2]); print(a)
del a[::3]; print(a)
del a[1:3]; print(a)
a[:] = range(3); print(a)
a[len(a):] = [7]; print(a)
try:
    a[::2] = [1, 2, 3, 4, 5]
except ValueError as e:
    print("ValueError:", e)
