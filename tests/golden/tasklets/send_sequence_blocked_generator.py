# A tasklet blocked inside send_sequence() driven by a generator that itself switches.
import stackless

ch = stackless.channel()
log = []
def source():
    for i in range(3):
        log.append("source yields %d" % i)
        stackless.schedule()
        yield i

def sender():
    n = ch.send_sequence(source())
    log.append("sent %d" % n)

def receiver():
    for i in range(3):
        log.append("received %d" % ch.receive())

stackless.tasklet(sender)()
stackless.tasklet(receiver)()
stackless.run()
for line in log:
    print(line)
