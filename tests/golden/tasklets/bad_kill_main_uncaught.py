# prickle-test: timeout=20
# The error of killing main, uncaught in the tasklet, reaches main with both stacks in the traceback.
import stackless

def assassin():
    stackless.getmain().kill()

stackless.tasklet(assassin)()
stackless.run()
