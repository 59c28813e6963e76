# __repr__ switches tasklets while print(), str(), repr(), f-strings, format() and % show lists, tuples, dicts and sets of objects.
import stackless

switches = [0]
def ticker():
    while True:
        switches[0] += 1
        stackless.schedule()

class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y
    def __repr__(self):
        stackless.schedule()
        return "Point(%d, %d)" % (self.x, self.y)

class Box:
    def __init__(self, items):
        self.items = items
    def __repr__(self):
        stackless.schedule()
        return "Box(%r)" % (self.items,)  # reprs the list holding this box too

out = []
def user():
    pts = [Point(1, 2), Point(3, 4)]
    print(pts)
    out.append(str(pts))
    out.append(repr((pts[0],)))
    out.append(f"{pts} {pts!r} {pts!a} {format(pts)}")
    out.append("%s and %r" % (pts, {"p": pts[1]}))
    out.append(repr({frozenset([1]): {Point(0, 0)}}))
    nested = [[Point(5, 6), (Point(7, 8), "x")], {1: [Point(9, 9)]}]
    print(nested, len(nested))
    loop = [Point(1, 1)]
    loop.append(loop)
    loop.append(Box(loop))
    print(loop)
    out.append("done")

t = stackless.tasklet(ticker)()
stackless.tasklet(user)()
while not out or out[-1] != "done":
    stackless.schedule()
t.kill()
for line in out:
    print(line)
print("ticker ran:", switches[0] > 10)
