# schedule_remove() takes the caller out of the queue (paused) until another tasklet inserts it.
import stackless

log = []
def sleeper():
    log.append("sleeper sleeps")
    r = stackless.schedule_remove("woken")
    log.append("sleeper returns " + r)

def waker(t):
    log.append("waker sees sleeper paused=%s" % t.paused)
    t.insert()
    log.append("waker inserted it")

s = stackless.tasklet(sleeper)()
stackless.run()
print("after first run: paused", s.paused, "runcount", stackless.getruncount())
stackless.tasklet(waker)(s)
stackless.run()
print(log)
print("alive:", s.alive)
