# Several simple statements on one line, and `pass` in empty blocks.
a = 1; b = 2; c = a + b; print(c)
if a: pass
for i in range(3): pass
while False: pass
def nothing(): pass
class Empty: pass
print(nothing(), Empty.__name__)
if b == 2: print("one-line if"); print("second stmt")
x = 5;
print(x)
