# Main blocked in send(); the last runnable tasklet calls schedule_remove(): main gets the deadlock error.
import stackless

ch = stackless.channel()
def leaver():
    print("leaver removes itself")
    stackless.schedule_remove()
    print("leaver resumed")

t = stackless.tasklet(leaver)()
try:
    ch.send("x")
except RuntimeError as e:
    print("main:", e)
print("balance", ch.balance, "leaver paused", t.paused)
t.insert()
stackless.run()
