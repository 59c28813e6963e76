# An uncaught KeyError shows the key's repr.
d = {"a": 1}
print(d["a"])
print(d["missing key"])
