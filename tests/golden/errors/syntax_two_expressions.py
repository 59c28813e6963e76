# SyntaxError: two expressions side by side on one line.
def f():
    return 1
x = f() f()
