# list() over a user iterator whose __iter__ and __next__ block on a channel.
import stackless

ch = stackless.channel()
class Feed:
    def __iter__(self):
        self.limit = ch.receive()
        self.i = 0
        return self
    def __next__(self):
        if self.i >= self.limit:
            raise StopIteration
        self.i += 1
        return ch.receive()

out = []
def collector():
    out.append(list(Feed()))

stackless.tasklet(collector)()
stackless.run()
ch.send(3)
for v in ["a", "b", "c"]:
    ch.send(v)
print(out)
