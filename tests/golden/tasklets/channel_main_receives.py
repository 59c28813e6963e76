# Main blocks in receive() while tasklets are runnable; it resumes with the value once a tasklet sends.
import stackless

ch = stackless.channel()
def worker(n):
    for i in range(n):
        print("worker step", i)
        stackless.schedule()
    print("worker sends")
    ch.send("result")
    print("worker after send")

stackless.tasklet(worker)(3)
print("main waits")
v = ch.receive()
print("main got", v)
stackless.run()
print("end")
