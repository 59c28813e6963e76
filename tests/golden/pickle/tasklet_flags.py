# A paused tasklet's atomic and block_trap flags and its schedule_remove() return value survive pickling; the copy is alive, paused and not scheduled until inserted.
import pickle
import stackless

def body():
    stackless.getcurrent().set_atomic(True)
    stackless.getcurrent().block_trap = True
    got = stackless.schedule_remove(("retval", [1, 2]))
    print("  schedule_remove returned", got)
    print("  flags in the copy", stackless.getcurrent().atomic, stackless.getcurrent().block_trap)

t = stackless.tasklet(body)()
stackless.run()
print("original:", t.alive, t.paused, t.scheduled, t.atomic, t.block_trap)
data = pickle.dumps(t)
print("dumps returns bytes:", type(data) is bytes)
c = pickle.loads(data)
print("copy:", c.alive, c.paused, c.scheduled, c.blocked, c.atomic, c.block_trap)
print("copy is main/current:", c.is_main, c.is_current, "restorable", c.restorable)
print("copy is a new object:", c is not t)
c.insert()
print("inserted:", c.scheduled, c.paused, stackless.getruncount())
stackless.run()
print("copy ended:", c.alive)
