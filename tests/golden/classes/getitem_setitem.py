# __getitem__, __setitem__, __delitem__ with ints, slices and keys; iteration via __getitem__.
class Grid:
    def __init__(self, w, h):
        self.w, self.h = w, h
        self.cells = {}
    def __getitem__(self, pos):
        x, y = pos
        if not (0 <= x < self.w and 0 <= y < self.h):
            raise IndexError("cell out of range")
        return self.cells.get(pos, ".")
    def __setitem__(self, pos, value):
        self.cells[pos] = value
    def __delitem__(self, pos):
        del self.cells[pos]
g = Grid(3, 2)
g[0, 0] = "#"
g[2, 1] = "@"
print("\n".join("".join(g[x, y] for x in range(3)) for y in range(2)))
del g[0, 0]
print(g[0, 0], len(g.cells))
try:
    g[5, 5]
except IndexError as e:
    print("IndexError:", e)
class Squares:
    def __getitem__(self, i):
        if i >= 5:
            raise IndexError(i)
        return i * i
print(list(Squares()), 9 in Squares(), Squares()[3])
class Sliceable:
    def __getitem__(self, key):
        if isinstance(key, slice):
            return ("slice", key.start, key.stop, key.step)
        return ("index", key)
s = Sliceable()
print(s[1], s[1:5], s[::2], s[-1])
