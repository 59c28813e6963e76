# slice objects: repr, attributes, indices(), and use as subscripts.
s = slice(1, 8, 2)
print(s, s.start, s.stop, s.step, slice(5), slice(None, None, -1))
print(list(range(10))[s], "abcdefghij"[s], (0, 1, 2, 3, 4)[slice(None, 2)])
print(slice(None, None, -1).indices(5), slice(-3, None).indices(10), slice(2, 100, 3).indices(10))
print(slice(1, 2) == slice(1, 2), slice(1, 2) == slice(1, 3))
class Recorder:
    def __getitem__(self, key):
        return key
r = Recorder()
print(r[1:2], r[::3], r[1:2, 3], r[:, None], r[0])
