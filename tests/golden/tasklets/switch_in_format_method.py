# str.format() and str.format_map() reach __format__, __str__, __repr__, properties, __getattr__ and __getitem__ that block on a channel.
import stackless

ch = stackless.channel()

class Item:
    def __format__(self, spec):
        return "fmt[" + spec + "]:" + ch.receive()
    def __str__(self):
        return "str:" + ch.receive()
    def __repr__(self):
        return "repr:" + ch.receive()
    @property
    def price(self):
        return ch.receive()
    def __getattr__(self, name):
        return name + "=" + ch.receive()

class Lookup:
    def __getitem__(self, key):
        return key + "->" + ch.receive()

out = []
def user():
    it = Item()
    out.append("{0:>3} {0!s} {0!r}".format(it))
    out.append("{0.price:.1f} {0.colour}".format(it))
    out.append("{k[x]} {k[y]!r}".format(k=Lookup()))
    out.append("{name}".format_map(Lookup()))
    out.append("{}".format([it]))
    out.append("%(a)s|%(b)s" % Lookup())

def feeder():
    for v in ["a", "b", "c", 2.25, "red", "1", "2", "3", "d", "e", "f"]:
        ch.send(v)

stackless.tasklet(user)()
stackless.tasklet(feeder)()
stackless.run()
for line in out:
    print(line)
