# __add__ and __radd__ switch to another tasklet while +, reflected + and sum() call them.
import stackless

switches = [0]
def ticker():
    while True:
        switches[0] += 1
        stackless.schedule()

class Money:
    def __init__(self, cents):
        self.cents = cents
    def __add__(self, other):
        stackless.schedule()
        return Money(self.cents + (other.cents if isinstance(other, Money) else other))
    def __radd__(self, other):
        stackless.schedule()
        return Money(other + self.cents)

out = []
def user():
    out.append(("m + m", (Money(1) + Money(2)).cents))
    out.append(("m + int", (Money(5) + 10).cents))
    out.append(("int + m", (7 + Money(3)).cents))
    out.append(("sum", sum([Money(1), Money(2), Money(3)]).cents))

t = stackless.tasklet(ticker)()
stackless.tasklet(user)()
while not out or len(out) < 4:
    stackless.schedule()
t.kill()
print(out)
print("ticker switches:", switches[0])
