# Two tasklets ping-pong on a channel from 40 levels of recursion through sorted(key=), map() and __init__ (their chains are rebuilt at every switch on some strategies).
import stackless

ch = stackless.channel()

class Node:
    def __init__(self, depth, tag):
        self.value = descend(depth - 1, tag)

def descend(depth, tag):
    if depth == 0:
        got = []
        for i in range(3):
            if tag == "ping":
                ch.send(i)
                got.append("sent %d" % i)
            else:
                got.append("recv %d" % ch.receive())
        return len(got)
    kind = depth % 3
    if kind == 0:
        return sorted([depth], key=lambda d: descend(d - 1, tag))[0] and descend_result[tag]
    if kind == 1:
        return list(map(lambda d: descend(d - 1, tag), [depth]))[0]
    return Node(depth, tag).value

descend_result = {"ping": 3, "pong": 3}

def run(tag):
    print(tag, "result", descend(40, tag))
    print(tag, "depth back to", stackless.getcurrent().recursion_depth)

stackless.tasklet(run)("ping")
stackless.tasklet(run)("pong")
stackless.run()
