# An exception escaping a tasklet ends it and is raised in main at run(); main catches it and runs the rest.
import stackless

def faulty(n):
    print("faulty starts")
    stackless.schedule()
    return 10 // n

def steady():
    for i in range(3):
        print("steady", i)
        stackless.schedule()

f = stackless.tasklet(faulty)(0)
s = stackless.tasklet(steady)()
try:
    stackless.run()
except ZeroDivisionError as e:
    print("main caught:", e)
print("faulty alive:", f.alive, "steady alive:", s.alive, "runcount:", stackless.getruncount())
stackless.run()
print("steady alive:", s.alive)
