# get, setdefault, pop, popitem, update, copy, clear, fromkeys.
d = {"a": 1, "b": 2}
print(d.get("a"), d.get("z"), d.get("z", 0))
print(d.setdefault("a", 100), d.setdefault("c", 3), d)
print(d.pop("a"), d.pop("zz", "default"), d)
print(d.popitem(), d)
d.update({"x": 1, "b": 5}); print(d)
d.update([("y", 2)], z=3); print(d)
c = d.copy(); c["new"] = 1; print(d, c)
print(dict.fromkeys("abc"), dict.fromkeys([1, 2], 0))
d.clear(); print(d)
try:
    d.pop("missing")
except KeyError as e:
    print("KeyError:", e)
try:
    {}.popitem()
except KeyError as e:
    print("KeyError:", e)
