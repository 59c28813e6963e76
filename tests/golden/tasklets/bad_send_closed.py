# prickle-test: timeout=20
# send() on a closed channel raises ValueError, in main and in a tasklet.
import stackless

ch = stackless.channel()
ch.close()
print("closed:", ch.closed)
try:
    ch.send(1)
except ValueError as e:
    print("main:", e)

def sender():
    try:
        ch.send(2)
    except ValueError as e:
        print("tasklet:", e)

stackless.tasklet(sender)()
stackless.run()
try:
    ch.send_exception(KeyError, "x")
except ValueError as e:
    print("send_exception:", e)
try:
    ch.send_sequence([1, 2])
except ValueError as e:
    print("send_sequence:", e)
print("balance", ch.balance)
