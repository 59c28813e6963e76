# Implicit None return, early return, return in loops and multiple returns.
def nothing():
    pass
def early(x):
    if x < 0:
        return "negative"
    return
def first_even(xs):
    for x in xs:
        if x % 2 == 0:
            return x
    return None
def pair():
    return 1, "two"
print(nothing(), early(-1), early(1), first_even([1, 3, 4, 6]), first_even([1]), pair())
a, b = pair()
print(a, b)
