# preference 0: neither side is preferred, the woken tasklet is queued at the end and the caller continues.
import stackless

log = []
ch = stackless.channel()
ch.preference = 0
def receiver():
    log.append("receiver got %s" % ch.receive())

def sender():
    ch.send("x")
    log.append("sender continues")

def bystander():
    log.append("bystander")

stackless.tasklet(receiver)()
stackless.run()
stackless.tasklet(sender)()
stackless.tasklet(bystander)()
stackless.run()
print(log)

log = []
stackless.tasklet(sender)()
stackless.run()
stackless.tasklet(receiver)()
stackless.tasklet(bystander)()
stackless.run()
print(log)
