# A tasklet blocks on a channel 1000 calls deep; main feeds it values and the recursion completes.
import sys
import stackless
sys.setrecursionlimit(5000)

ch = stackless.channel()
def dive(n):
    if n == 0:
        return ch.receive()
    v = dive(n - 1)
    if n % 250 == 0:
        v = v + ch.receive()
    return v + 1

result = []
def top():
    result.append(dive(1000))

t = stackless.tasklet(top)()
stackless.run()
print("blocked at depth 1000:", t.blocked)
for v in [1000, 1, 2, 3, 4]:
    ch.send(v)
print(result)
