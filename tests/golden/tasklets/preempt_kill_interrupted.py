# A tasklet interrupted by run(timeout) can be killed while paused; its finally clause runs.
import stackless

def endless():
    n = 0
    try:
        while True:
            n += 1
    finally:
        print("endless cleans up after a positive count:", n > 0)

t = stackless.tasklet(endless)()
r = stackless.run(100)
print("interrupted:", r is t, "paused:", t.paused)
t.kill()
print("alive after kill:", t.alive, "runcount:", stackless.getruncount())
