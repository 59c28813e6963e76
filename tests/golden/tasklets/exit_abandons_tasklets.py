# When main's code ends, blocked and paused tasklets are abandoned: their finally clauses do not run.
import stackless

ch = stackless.channel()
def blocked():
    try:
        print("blocked tasklet waits")
        ch.receive()
    finally:
        print("blocked finally (should not print)")

def paused():
    try:
        print("paused tasklet pauses")
        stackless.schedule_remove()
    finally:
        print("paused finally (should not print)")

stackless.tasklet(blocked)()
stackless.tasklet(paused)()
stackless.run()
print("main ends with balance", ch.balance)
