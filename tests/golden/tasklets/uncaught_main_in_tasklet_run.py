# Main inside t.run() (still queued) receives the exception that ends t.
import stackless

def failing(n):
    print("failing runs with", n)
    raise ArithmeticError("n was %d" % n)

def other():
    print("other runs")

stackless.tasklet(other)()
t = stackless.tasklet(failing, (3,))
try:
    t.run()
except ArithmeticError as e:
    print("t.run() raised in main:", e)
print("t alive:", t.alive, "runcount:", stackless.getruncount())
stackless.run()
