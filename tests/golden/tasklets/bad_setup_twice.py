# prickle-test: timeout=20
# Setting up (or binding) an alive tasklet again raises RuntimeError; setup without a function too.
import stackless

def f(x):
    print("f", x)

t = stackless.tasklet(f)(1)
for attempt in [lambda: t.setup(2), lambda: t(3), lambda: t.bind(f), lambda: t.bind(f, (4,))]:
    try:
        attempt()
    except RuntimeError as e:
        print("RuntimeError:", e)
try:
    stackless.tasklet().setup()
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    stackless.getmain().bind(f)
except RuntimeError as e:
    print("main:", e)
stackless.run()
