# prickle-test: timeout=20
# Killing the main tasklet from another tasklet raises RuntimeError in the killer.
import stackless

def assassin():
    try:
        stackless.getmain().kill()
    except RuntimeError as e:
        print("RuntimeError:", e)
    print("main alive:", stackless.getmain().alive)

stackless.tasklet(assassin)()
stackless.run()
print("main survived")
