# prickle-test: timeout=20
# Binding a non-callable object raises TypeError (constructor and bind()).
import stackless

for bad in [42, "text", [1, 2]]:
    try:
        stackless.tasklet(bad)
    except TypeError as e:
        print("tasklet(%r): %s" % (bad, e))
t = stackless.tasklet()
try:
    t.bind(3.5)
except TypeError as e:
    print("bind:", e)
print("still unbound:", t.alive)
class C:
    def __call__(self):
        print("a callable instance runs")
stackless.tasklet(C())()
stackless.run()
