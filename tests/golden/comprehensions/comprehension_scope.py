# Comprehension variables do not leak; comprehensions see enclosing names.
x = "outer"
squares = [x * x for x in range(4)]
print(x, squares)
def f(n):
    factor = 10
    return [i * factor for i in range(n)]
print(f(3))
class C:
    items = [1, 2, 3]
    doubled = [i * 2 for i in items]
print(C.doubled)
funcs = [lambda: i for i in range(3)]
print([fn() for fn in funcs])
funcs2 = [lambda i=i: i for i in range(3)]
print([fn() for fn in funcs2])
