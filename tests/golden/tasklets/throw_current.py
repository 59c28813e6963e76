# throw(), raise_exception() and kill() on the current tasklet simply raise there.
import stackless

def body():
    me = stackless.getcurrent()
    try:
        me.throw(KeyError, "self")
    except KeyError as e:
        print("throw raised here:", repr(e))
    try:
        me.raise_exception(ValueError, "self", 1)
    except ValueError as e:
        print("raise_exception raised here:", e.args)
    try:
        me.kill()
    except TaskletExit:
        print("kill raised TaskletExit here")
    print("still alive:", me.alive)

stackless.tasklet(body)()
stackless.run()
main = stackless.getmain()
try:
    main.throw(RuntimeError("in main"))
except RuntimeError as e:
    print("main:", e)
