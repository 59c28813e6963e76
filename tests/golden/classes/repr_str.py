# __repr__ and __str__: print uses str, containers use repr, fallbacks.
class Both:
    def __repr__(self):
        return "Both()"
    def __str__(self):
        return "a Both"
class OnlyRepr:
    def __repr__(self):
        return "OnlyRepr()"
b, r = Both(), OnlyRepr()
print(b, r, [b, r], str(b), repr(b), str(r), f"{b} {r!r}", "%s %r" % (b, b))
print((b,), {"k": b}, "{}".format(r))
class BadRepr:
    def __repr__(self):
        return 42
try:
    repr(BadRepr())
except TypeError as e:
    print("TypeError:", e)
