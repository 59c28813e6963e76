# A tasklet's exception reaches main inside schedule(), where main can catch it.
import stackless

def bad():
    raise KeyError("from tasklet")

stackless.tasklet(bad)()
try:
    stackless.schedule()
except KeyError as e:
    print("schedule() raised", repr(e))
print("runcount:", stackless.getruncount())
