# prickle-test: timeout=20
# A tasklet without a function or without arguments cannot be inserted or run.
import stackless

def f():
    pass

for t in [stackless.tasklet(), stackless.tasklet(f)]:
    for name in ["insert", "run", "switch"]:
        try:
            getattr(t, name)()
        except RuntimeError as e:
            print(name, "->", e)
