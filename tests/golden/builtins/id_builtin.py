# id() is stable for an object's lifetime and distinct for live distinct objects.
a = [1]
b = a
c = [1]
print(id(a) == id(b), id(a) == id(c), id(a) == id(a), type(id(a)).__name__)
objs = [object() for _ in range(5)]
print(len(set(id(o) for o in objs)))
print(id(None) == id(None), (a is b) == (id(a) == id(b)))
