# A user iterator whose __next__ blocks on a channel, consumed by tuple(), list.extend(), str.join(), sum() and iter()/next().
import stackless

ch = stackless.channel()
class Feed:
    def __init__(self, n):
        self.n = n
    def __iter__(self):
        return self
    def __next__(self):
        if self.n == 0:
            raise StopIteration
        self.n -= 1
        return ch.receive()

out = []
def user():
    out.append(tuple(Feed(2)))
    lst = [0]
    lst.extend(Feed(2))
    out.append(lst)
    out.append("-".join(Feed(2)))
    out.append(sum(Feed(2)))
    it = iter(Feed(1))
    out.append(next(it))

def feeder():
    for v in [1, 2, 3, 4, "x", "y", 5, 6, "last"]:
        ch.send(v)

stackless.tasklet(user)()
stackless.tasklet(feeder)()
stackless.run()
print(out)
