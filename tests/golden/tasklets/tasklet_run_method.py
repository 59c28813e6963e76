# t.run() inserts t right after the current tasklet and switches to it; the caller stays queued.
import stackless

log = []
def worker(name):
    log.append(name + " start")
    stackless.schedule()
    log.append(name + " end")

def driver():
    log.append("driver before run")
    late.run()
    log.append("driver after run")

d = stackless.tasklet(driver)()
x = stackless.tasklet(worker)("x")
late = stackless.tasklet(worker, ("late",))
stackless.run()
for line in log:
    print(line)

# run() from main: main stays in the queue and resumes when its turn comes
t = stackless.tasklet(worker, ("direct",))
t.run()
print("main resumed, t alive:", t.alive, "runcount:", stackless.getruncount())
stackless.run()
print(log[-3:])
main = stackless.getcurrent()
main.run()
print("run() on the current tasklet returns at once")
