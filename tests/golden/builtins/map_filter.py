# map() with one and several iterables; filter() with a function and with None.
print(list(map(abs, [-1, 2, -3])), list(map(pow, [2, 3], [3, 2])), list(map(str.upper, "ab")))
print(list(map(lambda a, b, c: a + b + c, "ab", "cd", "ef")), list(map(len, ["", "ab", "abc"])))
print(list(filter(lambda x: x % 2, range(10))), list(filter(None, [0, "", None, 1, "a", [], [0]])))
m = map(lambda x: x * 10, [1, 2, 3])
print(next(m), list(m), list(m))
f = filter(str.isdigit, "a1b2c3")
print("".join(f))
