# A tasklet that kills itself raises TaskletExit at once and ends silently.
import stackless

def body():
    print("before self-kill")
    try:
        stackless.getcurrent().kill()
    finally:
        print("finally after self-kill")
    print("not reached")

t = stackless.tasklet(body)()
stackless.run()
print("alive:", t.alive)
