# an AttributeError raised by a property getter falls back to __getattr__
class P:
    @property
    def broken(self):
        raise AttributeError("inner attr")

    @property
    def fine(self):
        return "fine"

    def __getattr__(self, name):
        return "fallback:" + name


p = P()
print(p.fine)
print(p.broken)
print(getattr(p, "broken"))
print(hasattr(p, "broken"))
