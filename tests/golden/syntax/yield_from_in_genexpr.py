# `yield from` inside a generator expression is a SyntaxError reported as 'yield'
def f(it):
    return list((yield from it) for _ in [1])
