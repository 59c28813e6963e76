# kill() raises TaskletExit at the blocking point of a tasklet waiting on a channel; its finally clause runs.
import stackless

ch = stackless.channel()
def waiter():
    try:
        print("waiter blocks")
        ch.receive()
        print("not reached")
    finally:
        print("waiter finally, balance", ch.balance)

t = stackless.tasklet(waiter)()
stackless.run()
print("before kill: blocked", t.blocked, "balance", ch.balance)
t.kill()
print("after kill: alive", t.alive, "blocked", t.blocked, "balance", ch.balance)
