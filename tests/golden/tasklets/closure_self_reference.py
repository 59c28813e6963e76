# A closure that refers to itself through a cell keeps working across switches.
import stackless

def make_countdown():
    def countdown(n, seen):
        seen.append(n)
        stackless.schedule()
        if n > 0:
            return countdown(n - 1, seen)
        return seen
    return countdown

out = []
def user(name, n):
    cd = make_countdown()
    out.append((name, cd(n, [])))

stackless.tasklet(user)("x", 3)
stackless.tasklet(user)("y", 2)
stackless.run()
print(out)
