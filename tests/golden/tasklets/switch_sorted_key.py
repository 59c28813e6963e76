# A sorted() key function receives each key from a channel: the tasklet blocks inside the sort.
import stackless

ch = stackless.channel()
result = []
def sorter(items):
    def key(item):
        return ch.receive()
    result.append(sorted(items, key=key))

def key_server(keys):
    for k in keys:
        ch.send(k)

stackless.tasklet(sorter)(["w", "x", "y", "z"])
stackless.tasklet(key_server)([3, 1, 4, 2])
stackless.run()
print(result)
