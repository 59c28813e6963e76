# Main is blocked sending; when the last runnable tasklet ends without receiving, main gets the deadlock error.
import stackless

ch = stackless.channel()
def worker(n):
    for i in range(n):
        print("worker", i)
        stackless.schedule()
    print("worker ends without receiving")

stackless.tasklet(worker)(2)
try:
    ch.send("lost")
except RuntimeError as e:
    print("main got RuntimeError:", e)
print("balance", ch.balance)
