# Uncaught ZeroDivisionError ten frames deep.
def level(n):
    if n == 0:
        return 1 / n
    return level(n - 1)
print("going down")
level(9)
