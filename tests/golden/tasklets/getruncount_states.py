# getruncount() counts the tasklets in the ring: main leaves it inside run(); blocked and paused tasklets are not counted.
import stackless

ch = stackless.channel()
counts = []
def blocker():
    counts.append(("blocker", stackless.getruncount()))
    ch.receive()

def pauser():
    counts.append(("pauser", stackless.getruncount()))
    stackless.schedule_remove()

def plain():
    counts.append(("plain", stackless.getruncount()))

print("main alone:", stackless.getruncount())
stackless.tasklet(blocker)()
p = stackless.tasklet(pauser)()
stackless.tasklet(plain)()
print("three queued:", stackless.getruncount())
stackless.run()
print(counts)
print("after run:", stackless.getruncount())
p.insert()
print("pauser inserted:", stackless.getruncount())
stackless.run()
ch.send(None)
print("end:", stackless.getruncount())
