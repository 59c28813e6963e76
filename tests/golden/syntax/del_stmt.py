# del of names, list items, slices, dict keys and attributes.
a = 1
b = [0, 1, 2, 3, 4, 5]
c = {"x": 1, "y": 2}
class O:
    pass
o = O()
o.attr = 5
del a
try:
    print(a)
except NameError as e:
    print("NameError:", e)
del b[0]
print(b)
del b[1:3]
print(b)
del b[::2]
print(b)
del c["x"]
print(c)
del o.attr
print(hasattr(o, "attr"))
x, y = 1, 2
del x, y
try:
    y
except NameError as e:
    print(e)
try:
    del c["nope"]
except KeyError as e:
    print("KeyError", e)
