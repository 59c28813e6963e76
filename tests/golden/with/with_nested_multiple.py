# Several context managers in one with statement exit in reverse order.
class CM:
    def __init__(self, name, fail_enter=False):
        self.name = name
        self.fail_enter = fail_enter
    def __enter__(self):
        if self.fail_enter:
            raise RuntimeError("cannot enter " + self.name)
        print("enter", self.name)
        return self.name
    def __exit__(self, *exc):
        print("exit", self.name, exc[0].__name__ if exc[0] else "")
with CM("a") as a, CM("b") as b, CM("c"):
    print("body", a, b)
with CM("outer"):
    with CM("inner"):
        print("nested body")
try:
    with CM("ok"), CM("broken", fail_enter=True):
        print("not reached")
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    with CM("x"), CM("y"):
        raise KeyError("k")
except KeyError:
    print("KeyError passed through both")
