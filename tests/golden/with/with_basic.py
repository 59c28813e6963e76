# with statement: __enter__ result bound by as, __exit__ always called.
class Tracker:
    def __init__(self, name):
        self.name = name
    def __enter__(self):
        print("enter", self.name)
        return self
    def __exit__(self, exc_type, exc_value, traceback):
        print("exit", self.name, exc_type is None)
        return False
with Tracker("first") as t:
    print("body uses", t.name)
with Tracker("no-as"):
    print("body without as")
def early_return():
    with Tracker("returning"):
        return "returned value"
print(early_return())
for i in range(3):
    with Tracker("loop %d" % i):
        if i == 1:
            break
