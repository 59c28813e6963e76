# __eq__ blocks on a channel (asking a server tasklet) while ==, !=, `in`, list.index and list.count call it.
import stackless

requests = stackless.channel()
answers = stackless.channel()
served = [0]
def server():
    while True:
        a, b = requests.receive()
        served[0] += 1
        answers.send(a == b)

class Key:
    def __init__(self, k):
        self.k = k
    def __eq__(self, other):
        requests.send((self.k, other.k))
        return answers.receive()

out = []
def user():
    items = [Key(1), Key(2), Key(3)]
    out.append(("==", Key(2) == Key(2)))
    out.append(("!=", Key(2) != Key(3)))
    out.append(("in", Key(3) in items))
    out.append(("index", items.index(Key(2))))
    out.append(("count", items.count(Key(1))))

stackless.tasklet(server)()
stackless.tasklet(user)()
stackless.run()
print(out)
print("comparisons served:", served[0])
