# kill() unwinds nested calls of the victim, running each finally clause innermost first.
import stackless

def level(n, ch):
    try:
        if n == 0:
            ch.receive()
        else:
            level(n - 1, ch)
    finally:
        print("finally at level", n)

ch = stackless.channel()
t = stackless.tasklet(level)(3, ch)
stackless.run()
t.kill()
print("killed:", not t.alive)
