# queue is the first tasklet waiting on the channel, or None; it changes as waiters leave.
import stackless

ch = stackless.channel()
def waiter():
    ch.receive()

a = stackless.tasklet(waiter)()
b = stackless.tasklet(waiter)()
print("queue before run:", ch.queue)
stackless.run()
print("queue is a:", ch.queue is a)
ch.send(1)
print("queue is b:", ch.queue is b)
b.kill()
print("queue after killing b:", ch.queue, "balance", ch.balance)
