# global and nonlocal statements.
total = 0
def add(n):
    global total
    total += n
add(5); add(7)
print(total)
def define_global():
    global created_later
    created_later = "made inside a function"
define_global()
print(created_later)
def outer():
    x = "outer"
    def inner():
        nonlocal x
        x = "changed by inner"
    inner()
    return x
print(outer())
def shadow():
    total = "local"
    return total
print(shadow(), total)
def read_before_assign():
    try:
        print(total)
    except NameError as e:
        print(type(e).__name__ + ":", e)
    total = 1
read_before_assign()
