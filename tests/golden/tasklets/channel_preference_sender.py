# preference 1: a receive from a waiting sender switches to the sender; a send to a waiting receiver does not switch.
import stackless

log = []
ch = stackless.channel()
ch.preference = 1
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
