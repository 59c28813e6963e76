# For loops over a list and a tuple are suspended mid-iteration by schedule() and resume at the right item.
import stackless

log = []
def over_list(name):
    for x in [1, 2, 3]:
        log.append((name, x))
        stackless.schedule()

def over_tuple(name):
    for x in ("a", "b"):
        log.append((name, x))
        stackless.schedule()

stackless.tasklet(over_list)("list")
stackless.tasklet(over_tuple)("tuple")
stackless.run()
for entry in log:
    print(entry)
