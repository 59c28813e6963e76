# nesting_level is 0 in ordinary Python code, so the tasklet is restorable.
import stackless

def body(ch):
    me = stackless.getcurrent()
    print("running:", me.nesting_level, me.restorable)
    ch.receive()

ch = stackless.channel()
t = stackless.tasklet(body)(ch)
stackless.run()
print("blocked:", t.nesting_level, t.restorable)
ch.send(None)
