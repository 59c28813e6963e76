# Keyword-only parameters after * or *args.
def f(a, *, key, flag=False):
    return a, key, flag
print(f(1, key=2), f(1, flag=True, key=0))
def g(*items, sep=", "):
    return sep.join(str(i) for i in items)
print(g(1, 2, 3), g(1, 2, sep="-"))
try:
    f(1, 2)
except TypeError as e:
    print("TypeError:", e)
try:
    f(1)
except TypeError as e:
    print("TypeError:", e)
