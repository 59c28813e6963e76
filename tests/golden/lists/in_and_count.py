# Membership uses ==; count, index and `in` on mixed lists.
class Eq:
    def __init__(self, v):
        self.v = v
    def __eq__(self, other):
        return isinstance(other, Eq) and self.v == other.v
items = [1, "a", (2, 3), [4], Eq(5), 2.0]
print(1 in items, 1.0 in items, 2 in items, "a" in items, (2, 3) in items, [4] in items)
print(Eq(5) in items, Eq(6) in items, items.index(Eq(5)), items.count(2))
