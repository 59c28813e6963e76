# Main pauses itself with t.switch(); when the ring empties main resumes; a tasklet can also insert main back.
import stackless

main = stackless.getmain()
def first():
    print("first runs; main paused:", main.paused, "runcount:", stackless.getruncount())

stackless.tasklet(first, ()).switch()
print("main back; runcount:", stackless.getruncount())

def second():
    print("second inserts main")
    main.insert()
    stackless.schedule()
    print("second continues after main ran")

stackless.tasklet(second, ()).switch()
print("main back again; runcount:", stackless.getruncount())
stackless.run()
print("end")
