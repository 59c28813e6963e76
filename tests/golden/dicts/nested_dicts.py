# Nested dicts and lists: building a small index.
records = [("fruit", "apple"), ("veg", "kale"), ("fruit", "fig"), ("veg", "leek"), ("nut", "pecan")]
index = {}
for kind, name in records:
    index.setdefault(kind, []).append(name)
print(index)
tree = {}
for path in ["a/b/c", "a/b/d", "a/e", "f"]:
    node = tree
    for part in path.split("/"):
        node = node.setdefault(part, {})
print(tree)
def depth(t):
    return 1 + max((depth(v) for v in t.values()), default=0) if t else 0
print(depth(tree))
