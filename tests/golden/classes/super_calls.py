# super() in __init__ and methods across three levels; explicit two-arg super.
class Base:
    def __init__(self, x):
        self.x = x
        print("Base.__init__", x)
    def describe(self):
        return "Base(x=%d)" % self.x
class Middle(Base):
    def __init__(self, x, y):
        super().__init__(x)
        self.y = y
        print("Middle.__init__", y)
    def describe(self):
        return "Middle<" + super().describe() + ">"
class Leaf(Middle):
    def __init__(self):
        super(Leaf, self).__init__(1, 2)
        print("Leaf.__init__")
    def describe(self):
        return "Leaf<" + super().describe() + ">"
leaf = Leaf()
print(leaf.describe(), leaf.x, leaf.y)
class WithClassmethod(Base):
    @classmethod
    def make(cls):
        return cls(7)
print(WithClassmethod.make().describe())
