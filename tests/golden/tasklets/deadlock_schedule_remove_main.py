# schedule_remove() in main alone in the ring raises the deadlock error and leaves main in the ring.
import stackless

try:
    stackless.schedule_remove()
except RuntimeError as e:
    print("RuntimeError:", e)
print("runcount", stackless.getruncount(), "main scheduled", stackless.getmain().scheduled)

def body():
    print("tasklet runs while main is removed")

stackless.tasklet(body)()
main = stackless.getmain()
def waker():
    print("waker inserts main, main paused:", main.paused)
    main.insert()

stackless.tasklet(waker)()
print("schedule_remove with others queued returns:", stackless.schedule_remove("back"))
