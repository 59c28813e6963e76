# Closures capture variables (cells), not values.
def make_counter():
    count = 0
    def inc():
        nonlocal count
        count += 1
        return count
    return inc
c1 = make_counter()
c2 = make_counter()
print(c1(), c1(), c1(), c2())
def outer():
    x = 1
    def show():
        return x
    x = 2
    return show
print(outer()())
def make_multipliers():
    return [lambda v: v * i for i in range(4)]
print([m(10) for m in make_multipliers()])
def shared():
    value = [0]
    def get():
        return value[0]
    def put(v):
        value[0] = v
    return get, put
get, put = shared()
put(42)
print(get())
def three_levels(a):
    def middle(b):
        def inner(c):
            return a + b + c
        return inner
    return middle
print(three_levels(1)(20)(300))
