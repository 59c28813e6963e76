# When the last runnable tasklet blocks while main is in run() or paused (not blocked), main just resumes.
import stackless

ch = stackless.channel()
def lonely(name):
    print(name, "blocks")
    v = ch.receive()
    print(name, "got", v)

t = stackless.tasklet(lonely)("first")
print("main in run(): run returned", stackless.run())
print("first blocked:", t.blocked)
u = stackless.tasklet(lonely, ("second",))
u.switch()
print("main paused by switch() resumed normally; paused now:", stackless.getmain().paused)
print("balance", ch.balance)
ch.send(1)
ch.send(2)
