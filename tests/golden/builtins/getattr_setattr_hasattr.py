# getattr(), setattr(), hasattr(), delattr() with defaults and dynamic names.
class Obj:
    x = 1
o = Obj()
for name in ["x", "y"]:
    print(name, hasattr(o, name), getattr(o, name, "missing"))
setattr(o, "y", 20)
setattr(o, "dynamic_" + "name", "made")
print(o.y, o.dynamic_name, getattr(o, "dynamic_name"))
print(getattr("abc", "upper")(), getattr([], "append").__name__, hasattr(5, "bit_length"))
delattr(o, "y")
print(hasattr(o, "y"))
try:
    getattr(o, "nope")
except AttributeError as e:
    print("AttributeError:", e)
try:
    getattr(o, 5)
except TypeError as e:
    print("TypeError:", e)
