# A dead tasklet can be bound again (to the same or another function) and run a second life.
import stackless

def first(x):
    print("first life", x)

def second(x, y):
    print("second life", x, y)

t = stackless.tasklet(first)(1)
stackless.run()
print("dead:", t.alive)
t.bind(second)
print("rebound, not alive yet:", t.alive)
t.setup("a", "b")
stackless.run()
print("dead again:", t.alive)
t.bind(first, (3,))
t.insert()
stackless.run()
print("third life over:", t.alive)
