# __lt__ blocks on a channel while <, sorted(), list.sort(), min() and max() compare objects.
import stackless

requests = stackless.channel()
answers = stackless.channel()
served = [0]
def server():
    while True:
        a, b = requests.receive()
        served[0] += 1
        answers.send(a < b)

class Num:
    def __init__(self, v):
        self.v = v
    def __lt__(self, other):
        requests.send((self.v, other.v))
        return answers.receive()

out = []
def user():
    items = [Num(3), Num(1), Num(2)]
    out.append(("<", Num(1) < Num(2)))
    out.append(("sorted", [n.v for n in sorted(items)]))
    copy = list(items)
    copy.sort()
    out.append(("sort", [n.v for n in copy]))
    out.append(("min", min(items).v))
    out.append(("max", max(items).v))

stackless.tasklet(server)()
stackless.tasklet(user)()
stackless.run()
print(out)
print("served at least one comparison per call:", served[0] >= 5)
