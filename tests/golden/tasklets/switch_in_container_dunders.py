# __getitem__, __contains__ and __call__ block on a channel; subscripting, `in` and calls still return the values.
import stackless

ch = stackless.channel()
class Remote:
    def __getitem__(self, key):
        return (key, ch.receive())
    def __contains__(self, item):
        return ch.receive()
    def __call__(self, *args):
        return sum(args) + ch.receive()

out = []
def user():
    r = Remote()
    out.append(r["k"])
    out.append(5 in r)
    out.append(6 not in r)
    out.append(r(1, 2))
    out.append([v for v in map(r, [10, 20])])

stackless.tasklet(user)()
stackless.run()
for v in ["remote", True, True, 100, 1, 2]:
    ch.send(v)
print(out)
