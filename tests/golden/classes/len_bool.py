# __len__ and __bool__ drive truthiness and len().
class Bag:
    def __init__(self, *items):
        self.items = list(items)
    def __len__(self):
        return len(self.items)
class Flag:
    def __init__(self, on):
        self.on = on
    def __bool__(self):
        return self.on
print(len(Bag(1, 2, 3)), bool(Bag()), bool(Bag(0)), not Bag())
print(bool(Flag(True)), bool(Flag(False)), "yes" if Flag(True) else "no")
class Neither:
    pass
print(bool(Neither()))
class BadLen:
    def __len__(self):
        return -1
try:
    len(BadLen())
except ValueError as e:
    print("ValueError:", e)
try:
    len(Neither())
except TypeError as e:
    print("TypeError:", e)
