# Assigning, replacing and deleting an instance's __dict__ (attribute
# statement, setattr, object.__setattr__), with CPython's errors for
# non-dicts; object.__setattr__/__delattr__ run property setters/deleters.
class A:
    def __init__(self):
        self.x = 1


a = A()
d = {"y": 2}
a.__dict__ = d
print(a.__dict__ is d, a.y, hasattr(a, "x"))
a.z = 3
print(d)
for bad in (5, [1], None, "s"):
    try:
        a.__dict__ = bad
    except TypeError as e:
        print("TypeError", e)
try:
    setattr(a, "__dict__", (1, 2))
except TypeError as e:
    print("TypeError", e)
setattr(a, "__dict__", {"w": 9})
print(a.w, vars(a))
a.__dict__ = {"x": 10}
a.x += 1
print(a.__dict__)
del a.__dict__
print(a.__dict__, hasattr(a, "x"))
a.n = 1
print(vars(a))
delattr(a, "__dict__")
print(vars(a))

for i in range(3):
    b = A()
    b.__dict__ = {"k": i}
    print(b.k, b.__dict__)


class Sub(A):
    def __init__(self):
        self.__dict__ = {"j": 3}


print(Sub().j, hasattr(Sub(), "x"))


class P:
    @property
    def __dict__(self):
        return {"fake": 1}


p = P()
print(p.__dict__)
try:
    p.__dict__ = {}
except AttributeError as e:
    print("AttributeError", e)


def f():
    pass


f.__dict__ = {"attr": 5}
print(f.attr)
try:
    f.__dict__ = 3
except TypeError as e:
    print("TypeError", e)
try:
    del f.__dict__
except TypeError as e:
    print("TypeError", e)
try:
    A.__dict__ = {}
except AttributeError as e:
    print("AttributeError", e)


class G:
    def __getattr__(self, name):
        return "missing " + name


g = G()
g.__dict__ = {"h": 1}
print(g.h, g.nope)


class H:
    def __init__(self):
        self._v = 0

    @property
    def v(self):
        return self._v

    @v.setter
    def v(self, x):
        print("setter", x)
        object.__setattr__(self, "_v", x)

    @v.deleter
    def v(self):
        print("deleter")

    def __setattr__(self, name, value):
        print("__setattr__", name)
        object.__setattr__(self, name, value)

    def __delattr__(self, name):
        print("__delattr__", name)
        object.__delattr__(self, name)


h = H()
h.v = 5
print(h.v, h._v)
h.w = 1
del h.w
del h.v
try:
    del h.nope
except AttributeError as e:
    print("AttributeError", e)
for args in ((h, 1, 2), (h, "__dict__", 7)):
    try:
        object.__setattr__(*args)
    except TypeError as e:
        print("TypeError", e)
try:
    object.__delattr__(h, 1)
except TypeError as e:
    print("TypeError", e)
h.__dict__ = {"q": 1}
print(vars(h))
object.__setattr__(h, "__dict__", {"r": 2})
print(vars(h), h.r)
object.__delattr__(h, "__dict__")
print(vars(h))
