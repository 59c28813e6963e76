# __eq__ and __hash__: equality, != fallback, use in sets and dicts.
class Card:
    def __init__(self, rank, suit):
        self.rank, self.suit = rank, suit
    def __eq__(self, other):
        if not isinstance(other, Card):
            return NotImplemented
        return (self.rank, self.suit) == (other.rank, other.suit)
    def __hash__(self):
        return hash((self.rank, self.suit))
    def __repr__(self):
        return f"{self.rank}{self.suit}"
a, b, c = Card(10, "h"), Card(10, "h"), Card(2, "s")
print(a == b, a != b, a == c, a != c, a is b, a == "10h")
print(len({a, b, c}), {a: 1, b: 2}, [a, c].index(b), c in [a, b])
class EqOnly:
    def __eq__(self, other):
        return True
print(EqOnly.__hash__ is None, EqOnly() == 1, EqOnly() != 1)
class Plain:
    pass
p = Plain()
print(p == p, p == Plain(), p != Plain(), hash(p) == hash(p))
