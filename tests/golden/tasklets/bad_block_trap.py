# prickle-test: timeout=20
# With block_trap set, a tasklet that would block raises RuntimeError; non-blocking operations still work.
import stackless

ch = stackless.channel()
def trapped():
    me = stackless.getcurrent()
    me.block_trap = True
    print("block_trap:", me.block_trap)
    try:
        ch.receive()
    except RuntimeError as e:
        print("receive:", e)
    try:
        ch.send(1)
    except RuntimeError as e:
        print("send:", e)
    print("balance", ch.balance)
    stackless.schedule()
    print("balance after the feeder ran", ch.balance)
    print("non-blocking receive works:", ch.receive())
    me.block_trap = False
    print("now it may block:", ch.receive())

def feeder():
    ch.send("queued")

stackless.tasklet(trapped)()
stackless.tasklet(feeder)()
stackless.run()
ch.send("from main")
main = stackless.getmain()
main.block_trap = True
stackless.tasklet(print)("another tasklet is runnable, so this is not a deadlock")
try:
    ch.receive()
except RuntimeError as e:
    print("main:", e)
stackless.run()
