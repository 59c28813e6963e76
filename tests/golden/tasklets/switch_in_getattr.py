# __getattr__ and a property getter block on a channel while attribute access, getattr() and hasattr() run them.
import stackless

ch = stackless.channel()
class Proxy:
    def __getattr__(self, name):
        return name + "=" + str(ch.receive())
    @property
    def prop(self):
        return ("prop", ch.receive())

out = []
def user():
    p = Proxy()
    out.append(p.colour)
    out.append(getattr(p, "size"))
    out.append(hasattr(p, "anything"))
    out.append(p.prop)

stackless.tasklet(user)()
stackless.run()
for v in ["red", 10, 0, 99]:
    ch.send(v)
print(out)
