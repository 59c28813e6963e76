# Dict and set comprehensions.
words = ["apple", "bob", "kayak", "level", "xyz"]
print({w: len(w) for w in words})
print({w: w[::-1] == w for w in words if len(w) > 3})
print({i % 5 for i in range(20)})
print({k: v for k, v in zip("abc", range(3))})
inv = {v: k for k, v in {"a": 1, "b": 2}.items()}
print(inv)
print(sorted({w[0] for w in words}))
print({(i, j): i * j for i in range(2) for j in range(2)})
