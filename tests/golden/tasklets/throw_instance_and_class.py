# throw() accepts an exception class (with val as its one argument, even a tuple) or an instance.
import stackless

class Custom(Exception):
    pass

def target():
    for i in range(4):
        try:
            stackless.schedule_remove()
        except Exception as e:
            print("caught", type(e).__name__, e.args)

t = stackless.tasklet(target)()
stackless.run()
t.throw(ValueError)
t.throw(ValueError, "with value")
t.throw(Custom("an instance", 7))
t.throw(IndexError, ("a tuple", "is one argument"))
print("alive:", t.alive)
