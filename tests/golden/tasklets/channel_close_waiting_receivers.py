# close() with receivers waiting: they still complete when values are sent; meanwhile next() is a blocking receive and fails.
import stackless

ch = stackless.channel()
def receiver(tag):
    print("receiver", tag, "got", ch.receive())

stackless.tasklet(receiver)("a")
stackless.tasklet(receiver)("b")
stackless.run()
ch.close()
print("closing", ch.closing, "closed", ch.closed, "balance", ch.balance)
try:
    next(ch)
except ValueError as e:
    print("next():", e)
ch.send("x")
ch.send("y")
print("closing", ch.closing, "closed", ch.closed, "balance", ch.balance)
