# recursion_depth grows by one per nested Python call inside the tasklet.
import stackless

depths = []
def down(n):
    me = stackless.getcurrent()
    depths.append(me.recursion_depth)
    if n > 0:
        down(n - 1)

def body():
    down(4)

stackless.tasklet(body)()
stackless.run()
print([d - depths[0] for d in depths])
print(all(d > 0 for d in depths))
