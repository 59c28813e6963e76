# prickle-test: timeout=20
# stackless.run() may only be called from the main tasklet.
import stackless

def nested():
    try:
        stackless.run()
    except RuntimeError as e:
        print("RuntimeError:", e)

stackless.tasklet(nested)()
stackless.run()
print("done")
