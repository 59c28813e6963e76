# Killing a tasklet that never ran ends it before any of its code runs; killing a dead one does nothing.
import stackless

def body():
    print("body ran (should not happen)")

t = stackless.tasklet(body)()
print("alive:", t.alive, "runcount:", stackless.getruncount())
t.kill()
print("after kill: alive", t.alive, "runcount", stackless.getruncount())
t.kill()
print("second kill is a no-op:", t.alive)
u = stackless.tasklet(body)
u.kill()
print("kill of a tasklet without arguments:", u.alive)
stackless.run()
print("done")
