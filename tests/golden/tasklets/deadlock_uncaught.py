# An uncaught deadlock error in main prints a traceback through the user's frames only.
import stackless

def wait_for(ch):
    return ch.receive()

ch = stackless.channel()
print("about to deadlock")
wait_for(ch)
