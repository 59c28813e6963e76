# A tasklet switches inside except clauses (nested too) and still sees and re-raises its own exception.
import stackless

def task(name):
    try:
        try:
            raise ValueError(name + "-inner")
        except ValueError as inner:
            stackless.schedule()
            print(name, "in inner handler:", inner)
            raise KeyError(name + "-outer")
    except KeyError as outer:
        stackless.schedule()
        print(name, "in outer handler:", outer, "context:", repr(outer.__context__))
        try:
            raise
        except KeyError as again:
            print(name, "bare raise re-raised:", again is outer)

stackless.tasklet(task)("a")
stackless.tasklet(task)("b")
stackless.run()
