# An exception thrown into a never-started tasklet ends it at once and, uncaught, reaches main.
import stackless

def body():
    print("body ran (should not happen)")

t = stackless.tasklet(body)()
try:
    t.throw(ZeroDivisionError, "thrown early")
except ZeroDivisionError as e:
    print("main caught:", e)
print("alive:", t.alive, "runcount:", stackless.getruncount())
