# A generator function yields values lazily and keeps its local state.
def count_up(limit):
    print("start")
    n = 0
    while n < limit:
        yield n
        n += 1
    print("finish")
g = count_up(3)
print(type(g).__name__)
print(next(g))
print(next(g))
print(list(g))
try:
    next(g)
except StopIteration:
    print("exhausted")
def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b
f = fib()
print([next(f) for _ in range(12)])
