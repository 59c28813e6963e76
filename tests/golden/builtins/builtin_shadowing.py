# Builtins can be shadowed by globals and locals, and become visible again after del.
def use_local():
    len = lambda x: "local len"
    return len([1])
print(use_local(), len([1]))
list = "shadowed list"
print(list)
del list
print(list("ok"))
def max(*args):
    return "my max"
print(max(1, 2))
del max
print(max(1, 2))
