# Traceback through a lambda, a nested function, a generator and a builtin (map).
def outer():
    def helper(values):
        return list(map(lambda v: 10 // v, values))
    def gen():
        yield helper([1, 2])
        yield helper([5, 0])
    for result in gen():
        print(result)
outer()
