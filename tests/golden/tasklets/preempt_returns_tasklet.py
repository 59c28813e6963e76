# run(timeout) returns the interrupted tasklet: alive, paused, out of the queue, resumable with insert().
import stackless

progress = []
def long_job():
    n = 0
    for i in range(50000):
        n += 1
    progress.append(n)

t = stackless.tasklet(long_job)()
r = stackless.run(50)
print("returned the job:", r is t)
print("alive", t.alive, "paused", t.paused, "scheduled", t.scheduled, "runcount", stackless.getruncount())
print("not finished yet:", progress)
t.insert()
stackless.run()
print("finished without timeout:", progress, t.alive)
