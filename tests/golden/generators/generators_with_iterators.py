# Generators consumed by builtins: zip, enumerate, sum, sorted, dict, min/max.
def squares(n):
    for i in range(n):
        yield i * i
def letters():
    yield from "abc"
print(list(zip(squares(5), letters())), dict(enumerate(letters(), 1)))
print(sum(squares(10)), sorted(squares(4), reverse=True), max(squares(6)), min(letters()))
print(list(map(lambda p: p[0] * 2, zip(squares(3), letters()))), any(x > 5 for x in squares(3)))
it = iter(squares(3))
print(iter(it) is it, list(it))
