# schedule_all: the woken tasklet goes to the end of the queue and the caller schedules, whatever the preference.
import stackless

log = []
ch = stackless.channel()
ch.schedule_all = True
print("schedule_all:", ch.schedule_all)
def receiver():
    log.append("receiver got %s" % ch.receive())

def sender(v):
    log.append("sender sends %s" % v)
    ch.send(v)
    log.append("sender after send %s" % v)

def bystander(n):
    log.append("bystander %d" % n)

for pref in [-1, 1]:
    ch.preference = pref
    log = []
    stackless.tasklet(receiver)()
    stackless.run()
    stackless.tasklet(sender)(pref)
    stackless.tasklet(bystander)(1)
    stackless.tasklet(bystander)(2)
    stackless.run()
    print("preference", pref, log)
log = []
stackless.tasklet(sender)("s")
stackless.run()
stackless.tasklet(receiver)()
stackless.tasklet(bystander)(3)
stackless.run()
print("receive side", log)
