# alive/blocked/scheduled/paused through a tasklet's life: new, bound, queued, running, blocked, paused, dead.
import stackless

def state(label, t):
    print("%-10s alive=%s blocked=%s scheduled=%s paused=%s" %
          (label, t.alive, t.blocked, t.scheduled, t.paused))

ch = stackless.channel()
def body():
    me = stackless.getcurrent()
    state("running", me)
    ch.receive()
    stackless.schedule_remove()
    print("body resumed")

t = stackless.tasklet()
state("new", t)
t.bind(body)
state("func", t)
t.bind(body, ())
state("bound", t)
t.insert()
state("queued", t)
stackless.run()
state("blocked", t)
ch.send(None)
state("paused", t)
t.insert()
stackless.run()
state("dead", t)
