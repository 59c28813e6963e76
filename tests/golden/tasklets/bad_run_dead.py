# prickle-test: timeout=20
# run(), switch() and insert() on a dead tasklet raise RuntimeError.
import stackless

def quick():
    pass

t = stackless.tasklet(quick)()
stackless.run()
for name in ["run", "switch", "insert"]:
    try:
        getattr(t, name)()
    except RuntimeError as e:
        print(name, "->", e)
print("runcount", stackless.getruncount())
