# schedule(retval) returns retval when the caller resumes; by default it returns the current tasklet.
import stackless

def body():
    me = stackless.getcurrent()
    r = stackless.schedule()
    print("default retval is the current tasklet:", r is me)
    r = stackless.schedule("value")
    print("explicit retval:", r)
    r = stackless.schedule(None)
    print("None retval:", r)

def other():
    for i in range(3):
        stackless.schedule()

stackless.tasklet(body)()
stackless.tasklet(other)()
stackless.run()
print("alone in the ring:", stackless.schedule(5), stackless.schedule() is stackless.getmain())
