# insert() appends at the end of the queue; inserting a queued tasklet again changes nothing.
import stackless

order = []
def rec(name):
    order.append(name)

ts = [stackless.tasklet(rec, (n,)) for n in ["one", "two", "three"]]
ts[2].insert()
ts[0].insert()
ts[1].insert()
ts[0].insert()
print("runcount:", stackless.getruncount())
stackless.run()
print(order)
