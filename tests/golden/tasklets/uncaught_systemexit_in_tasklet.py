# sys.exit() in a tasklet is an ordinary exception for the scheduler: it reaches main and ends the program.
import sys
import stackless

def quitter():
    print("tasklet calls sys.exit(3)")
    sys.exit(3)

stackless.tasklet(quitter)()
try:
    stackless.run()
finally:
    print("main's finally runs")
print("not reached")
