# prickle-test: timeout=20
# throw() and raise_exception() into a dead or never-bound tasklet raise RuntimeError; kill() does nothing.
import stackless

def quick():
    pass

t = stackless.tasklet(quick)()
stackless.run()
for label, action in [("throw", lambda: t.throw(ValueError)),
                      ("throw pending", lambda: t.throw(ValueError, pending=True)),
                      ("raise_exception", lambda: t.raise_exception(ValueError, "x")),
                      ("unbound throw", lambda: stackless.tasklet().throw(KeyError))]:
    try:
        action()
    except RuntimeError as e:
        print(label, "->", e)
print("kill returns", t.kill())
