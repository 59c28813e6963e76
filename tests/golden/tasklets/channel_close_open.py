# close() with waiting senders: closing is True but closed only once they are drained; open() reopens.
import stackless

ch = stackless.channel()
def sender(v):
    ch.send(v)
    print("sender", v, "done")

stackless.tasklet(sender)(1)
stackless.tasklet(sender)(2)
stackless.run()
ch.close()
print("closing", ch.closing, "closed", ch.closed, "balance", ch.balance)
print("still receivable:", ch.receive())
print("closing", ch.closing, "closed", ch.closed, "balance", ch.balance)
print("still receivable:", ch.receive())
print("closing", ch.closing, "closed", ch.closed, "balance", ch.balance)
stackless.run()
ch.open()
print("reopened: closing", ch.closing, "closed", ch.closed)
stackless.tasklet(sender)(3)
stackless.run()
print("usable again:", ch.receive())
stackless.run()
