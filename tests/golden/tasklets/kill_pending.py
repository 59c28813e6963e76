# kill(pending=True) only queues the victim; TaskletExit is raised when it next runs.
import stackless

log = []
def victim():
    try:
        log.append("victim waits")
        stackless.schedule_remove()
        log.append("victim resumed normally")
    except TaskletExit:
        log.append("victim got TaskletExit")
        raise

t = stackless.tasklet(victim)()
stackless.run()
print("victim paused:", t.paused)
t.kill(pending=True)
log.append("main after kill(pending=True)")
print("victim scheduled:", t.scheduled, "alive:", t.alive)
stackless.run()
print(log)
print("alive:", t.alive)
