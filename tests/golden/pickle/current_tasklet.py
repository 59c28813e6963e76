# Pickling the current tasklet (main or another one, alone or inside other data, or reached from a tasklet's frame) raises RuntimeError and changes nothing.
import pickle
import stackless

def attempt(what, obj):
    try:
        pickle.dumps(obj)
        print(what, "pickled?!")
    except RuntimeError as e:
        print(what, "->", e)

attempt("main pickling itself", stackless.getcurrent())
attempt("main inside a list", [1, stackless.getmain()])

def self_pickler():
    attempt("a tasklet pickling itself", stackless.getcurrent())
    attempt("a tasklet inside a dict", {"me": stackless.getcurrent()})

stackless.tasklet(self_pickler)()
stackless.run()

def holds_main():
    m = stackless.getmain()
    stackless.schedule_remove()
    print("  holds_main resumed, still has main:", m is stackless.getmain())

t = stackless.tasklet(holds_main)()
stackless.run()
attempt("a tasklet whose frame refers to main (current)", t)
print("the failed pickle left it paused:", t.paused)
t.insert()
stackless.run()
print("ended:", t.alive)
