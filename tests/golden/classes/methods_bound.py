# Bound methods are objects: stored, passed, compared; calling through the class.
class Greeter:
    def __init__(self, name):
        self.name = name
    def greet(self, other):
        return f"{self.name} greets {other}"
g = Greeter("ann")
m = g.greet
print(m("bob"), Greeter.greet(g, "cid"), m.__self__ is g, m.__func__ is Greeter.greet)
actions = [Greeter("x").greet, Greeter("y").greet]
print([a("z") for a in actions])
print(list(map(g.greet, ["p", "q"])))
g.greet = lambda who: "instance attribute wins: " + who
print(g.greet("r"), Greeter.greet(g, "s"))
