# Method descriptors of builtin types: repr, names, __objclass__, and binding to instances.
print(list.append)
print(str.__dict__["upper"])
print(int.__add__)
print(list.__len__)
print(dict.__getitem__, dict.__contains__, list.__reversed__)
print(list.append.__name__, list.append.__qualname__, list.append.__objclass__)
print(int.__add__.__name__, int.__add__.__qualname__, int.__add__.__objclass__)
print([].append.__name__, [].append.__qualname__)
print(list.append is list.append, list.append == list.__dict__["append"])
b = [1].append
b(2)
print(b.__self__)
print(callable(list.append), callable(str.join))
