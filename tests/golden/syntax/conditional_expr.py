# Conditional expressions, including nesting and laziness.
def noisy(v):
    print("evaluated", v)
    return v

for n in (-5, 0, 5):
    print(n, "neg" if n < 0 else "zero" if n == 0 else "pos")
x = noisy(1) if True else noisy(2)
y = noisy(3) if False else noisy(4)
print(x, y)
print([("even" if i % 2 == 0 else "odd") for i in range(4)])
f = lambda v: v * 2 if v else -1
print(f(3), f(0))
