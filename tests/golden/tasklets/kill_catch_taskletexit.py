# A killed tasklet may catch TaskletExit (a SystemExit subclass) and keep running until it ends.
import stackless

def stubborn():
    for round in range(3):
        try:
            stackless.schedule_remove()
        except TaskletExit as e:
            print("caught", type(e).__name__, "in round", round,
                  "is SystemExit:", isinstance(e, SystemExit))
    print("stubborn ends normally")

t = stackless.tasklet(stubborn)()
stackless.run()
t.kill()
print("alive after first kill:", t.alive)
t.kill()
t.kill()
print("alive after third kill:", t.alive)
print(issubclass(TaskletExit, SystemExit), stackless.TaskletExit is TaskletExit)
