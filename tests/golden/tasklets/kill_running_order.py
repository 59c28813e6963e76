# kill() runs the victim at once (inserted after the killer); after it dies the ring continues from there.
import stackless

log = []
def victim():
    try:
        stackless.schedule_remove()
    finally:
        log.append("victim cleanup")

def other():
    log.append("other runs")

def killer(v):
    log.append("killer kills")
    v.kill()
    log.append("killer resumed")

v = stackless.tasklet(victim)()
stackless.run()
stackless.tasklet(killer)(v)
stackless.tasklet(other)()
stackless.run()
print(log)
