# Dict creation, lookup, assignment, len, insertion order and repr.
d = {"b": 2, "a": 1}
d["c"] = 3
d["b"] = 20
print(d, len(d), d["a"], "a" in d, "z" in d)
print(dict(), dict(x=1, y=2), dict([("k", "v"), ("k2", "v2")]), dict({"a": 1}, b=2))
print({1: "int", 2.5: "float", (1, 2): "tuple", None: "none", True: "bool"})
del d["b"]
d["b"] = 200
print(d, list(d))
e = {}
for word in "the quick the lazy the end".split():
    e[word] = e.get(word, 0) + 1
print(e)
