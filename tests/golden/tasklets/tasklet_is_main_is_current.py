# is_main and is_current on the main tasklet and on a running tasklet.
import stackless

main = stackless.getmain()
print("main:", main.is_main, main.is_current)

def body():
    me = stackless.getcurrent()
    print("in tasklet: me.is_main", me.is_main, "me.is_current", me.is_current)
    print("in tasklet: main.is_main", main.is_main, "main.is_current", main.is_current)

t = stackless.tasklet(body)()
print("t before run:", t.is_main, t.is_current)
stackless.run()
print("t after run:", t.is_main, t.is_current)
