# Attribute errors name the type and attribute; getattr/setattr/delattr on instances.
class Config:
    debug = False
    def __init__(self):
        self.level = 3
c = Config()
print(getattr(c, "level"), getattr(c, "debug"), getattr(c, "missing", "default"))
setattr(c, "name", "prod")
print(c.name, hasattr(c, "name"), hasattr(c, "nope"))
delattr(c, "name")
print(hasattr(c, "name"))
try:
    c.missing
except AttributeError as e:
    print("AttributeError:", e)
try:
    Config.missing
except AttributeError as e:
    print("AttributeError:", e)
try:
    (5).nope
except AttributeError as e:
    print("AttributeError:", e)
try:
    "s".nope = 1
except AttributeError as e:
    print("AttributeError:", e)
