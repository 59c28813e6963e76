# preference -1 (default): a send to a waiting receiver switches to the receiver at once; a receive from a waiting sender does not switch.
import stackless

log = []
ch = stackless.channel()
def receiver():
    log.append("receiver got %s" % ch.receive())

def sender():
    ch.send("x")
    log.append("sender continues")

stackless.tasklet(receiver)()
stackless.run()
stackless.tasklet(sender)()
stackless.run()
print(log)

log = []
stackless.tasklet(sender)()
stackless.run()
stackless.tasklet(receiver)()
stackless.run()
print(log)
