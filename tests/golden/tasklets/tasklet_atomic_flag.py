# set_atomic(flag) sets the atomic attribute and returns the previous flag.
import stackless

def body():
    me = stackless.getcurrent()
    print("initially atomic:", me.atomic)
    print("set_atomic(True) returned", me.set_atomic(True), "now", me.atomic)
    print("set_atomic(True) again returned", me.set_atomic(True))
    stackless.schedule()
    print("still atomic after a switch:", me.atomic)
    print("set_atomic(False) returned", me.set_atomic(False), "now", me.atomic)

t = stackless.tasklet(body)()
stackless.run()
main = stackless.getmain()
print("main atomic:", main.atomic)
old = main.set_atomic(1)
print(old, main.atomic)
main.set_atomic(old)
print(main.atomic)
