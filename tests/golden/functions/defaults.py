# Default arguments, evaluated once at definition time.
def greet(name, greeting="hello", punct="!"):
    return greeting + ", " + name + punct
print(greet("ann"), greet("bob", "hi"), greet("cid", punct="?"))
def append_to(x, acc=[]):
    acc.append(x)
    return acc
print(append_to(1), append_to(2))
def safe_append(x, acc=None):
    if acc is None:
        acc = []
    acc.append(x)
    return acc
print(safe_append(1), safe_append(2))
counter = 5
def show(v=counter):
    return v
counter = 99
print(show())
print(greet.__defaults__)
