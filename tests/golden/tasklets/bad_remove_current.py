# prickle-test: timeout=20
# The current tasklet cannot remove itself (main or not).
import stackless

try:
    stackless.getcurrent().remove()
except RuntimeError as e:
    print("main:", e)

def body():
    try:
        stackless.getcurrent().remove()
    except RuntimeError as e:
        print("tasklet:", e)
    print("still scheduled:", stackless.getcurrent().scheduled)

stackless.tasklet(body)()
stackless.run()
