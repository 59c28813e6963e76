# Module attributes current, main and runcount match getcurrent(), getmain() and getruncount().
import stackless

print(stackless.current is stackless.getcurrent(), stackless.main is stackless.getmain())
print(stackless.current is stackless.main, stackless.runcount, stackless.getruncount())

def body():
    print("in tasklet:", stackless.current is stackless.getcurrent(),
          stackless.current is stackless.main, stackless.main is stackless.getmain())
    print("runcount in tasklet:", stackless.runcount, stackless.getruncount())

stackless.tasklet(body)()
stackless.tasklet(body)()
print("before run:", stackless.runcount)
stackless.run()
print("after run:", stackless.runcount)
