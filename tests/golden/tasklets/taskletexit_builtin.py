# TaskletExit is a builtin name and stackless.TaskletExit; it subclasses SystemExit; raised uncaught it ends a tasklet silently.
import stackless

print(TaskletExit is stackless.TaskletExit)
print(issubclass(TaskletExit, SystemExit), issubclass(TaskletExit, Exception))
print(TaskletExit.__name__)

def quits():
    print("quits raises TaskletExit")
    raise TaskletExit("bye")

def plain():
    print("plain runs afterwards")

t = stackless.tasklet(quits)()
stackless.tasklet(plain)()
print("run returned", stackless.run())
print("alive:", t.alive)
try:
    raise TaskletExit("caught as SystemExit")
except SystemExit as e:
    print("caught", type(e).__name__, e.args)
