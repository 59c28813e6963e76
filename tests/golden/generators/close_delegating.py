# close() on a generator suspended in `yield from` closes the sub-generator first
def inner():
    try:
        yield 1
    finally:
        print("inner finally")


def outer():
    try:
        yield from inner()
    finally:
        print("outer finally")


g = outer()
print(next(g))
g.close()
print("closed")
print(next(g, "exhausted"))
