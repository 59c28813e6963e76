# keys(), values(), items() views; iteration order; views see later changes.
d = {"one": 1, "two": 2, "three": 3}
k = d.keys()
v = d.values()
it = d.items()
print(k, v, it)
print(list(k), list(v), list(it), len(k))
d["four"] = 4
print(list(k), "four" in k, 4 in v, ("four", 4) in it)
for key in d:
    print(key, d[key])
for key, value in d.items():
    print(key, "->", value)
print(sorted(d.values()), sorted(d, key=lambda x: d[x]))
print(sorted(k), sorted(v))
try:
    for key in d:
        d["five"] = 5
except RuntimeError as e:
    print("RuntimeError:", e)
