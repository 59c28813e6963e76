# prickle-test: timeout=20
# receive() on a closed channel raises ValueError; the error left uncaught prints a traceback.
import stackless

ch = stackless.channel()
ch.close()
def receiver():
    try:
        ch.receive()
    except ValueError as e:
        print("tasklet:", e)

stackless.tasklet(receiver)()
stackless.run()

def get():
    return ch.receive()

get()
