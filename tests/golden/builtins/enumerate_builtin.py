# enumerate() with and without a start value.
for i, c in enumerate("abc"):
    print(i, c)
print(list(enumerate([10, 20], start=1)), list(enumerate((), 5)), list(enumerate("xy", -2)))
e = enumerate(["a", "b"])
print(next(e), next(e), next(e, "end"))
print(dict(enumerate("hi")))
