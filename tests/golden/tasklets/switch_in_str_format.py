# __str__, __repr__ and __format__ block on a channel while str(), repr(), print(), f-strings, % and format() call them.
import stackless

ch = stackless.channel()
class Lazy:
    def __str__(self):
        return "str:" + ch.receive()
    def __repr__(self):
        return "repr:" + ch.receive()
    def __format__(self, spec):
        return "format(" + spec + "):" + ch.receive()

out = []
def user():
    x = Lazy()
    out.append(str(x))
    out.append(repr(x))
    print(x)
    out.append(f"{x:>5}")
    out.append("%s" % x)
    out.append(format(x, "spec"))

stackless.tasklet(user)()
stackless.run()
for word in ["a", "b", "c", "d", "e", "f"]:
    ch.send(word)
print(out)
