# A tasklet switch()es back to a paused main: the tasklet is paused in turn until main inserts it.
import stackless

main = stackless.getmain()
def worker():
    print("worker: main paused", main.paused)
    main.switch()
    print("worker resumed")

t = stackless.tasklet(worker, ())
t.switch()
print("main back: worker paused", t.paused, "runcount", stackless.getruncount())
t.insert()
stackless.run()
print("worker alive", t.alive)
