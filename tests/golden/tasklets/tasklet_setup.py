# setup(*args, **kwargs) binds arguments, queues the tasklet and returns it; t(...) is the same.
import stackless

def f(*args, **kwargs):
    print("f got", args, sorted(kwargs.items()))

t = stackless.tasklet(f)
r = t.setup(1, 2, x=3)
print("setup returns the tasklet:", r is t)
print("queued:", t.scheduled, stackless.getruncount())
u = stackless.tasklet(f)
print("call returns the tasklet:", u("a", y="b") is u)
print("runcount:", stackless.getruncount())
stackless.run()
v = stackless.tasklet(f).setup()
stackless.run()
