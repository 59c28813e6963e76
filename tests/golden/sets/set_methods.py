# add, discard, remove, pop, update and the in-place operators.
s = {1}
s.add(2); s.add(2); print(s)
s.discard(5); s.discard(1); print(s)
s.update([3, 4], {5}); print(s)
s |= {6}; print(s)
s &= {2, 3, 4, 6}; print(s)
s -= {3}; print(s)
s ^= {4, 7}; print(s)
c = s.copy(); c.clear(); print(s, c, len(s))
try:
    s.remove(99)
except KeyError as e:
    print("KeyError:", e)
p = {5}
print(p.pop(), p)
try:
    p.pop()
except KeyError as e:
    print("KeyError:", e)
