# __hash__ switches to another tasklet while hash(), dict and set operations hash the object.
import stackless

switches = [0]
def ticker():
    while True:
        switches[0] += 1
        stackless.schedule()

class Slow:
    def __init__(self, k):
        self.k = k
    def __hash__(self):
        stackless.schedule()
        return hash(self.k)
    def __eq__(self, other):
        return self.k == other.k

out = []
def user():
    a = Slow("a")
    out.append(("hash", hash(a) == hash("a")))
    d = {a: 1}
    out.append(("dict get", d.get(Slow("a"))))
    out.append(("dict in", Slow("b") in d))
    s = {Slow(1), Slow(1), Slow(2)}
    out.append(("set len", len(s)))

t = stackless.tasklet(ticker)()
stackless.tasklet(user)()
while len(out) < 4:
    stackless.schedule()
t.kill()
print(out)
print("ticker ran:", switches[0] > 0)
