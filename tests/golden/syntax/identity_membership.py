# is / is not / in / not in across types.
a = [1, 2]
b = a
c = [1, 2]
print(a is b, a is c, a == c, a is not c)
print(None is None, True is True)
print(2 in a, 3 in a, 3 not in a)
print("ell" in "hello", "z" not in "hello", "" in "abc")
print(1 in {1: "x"}, "x" in {1: "x"})
print(3 in range(0, 10, 3), 4 in range(0, 10, 3))
print(1 in {1, 2}, (1, 2) in [(1, 2)], [1] in [[1]])
print(1.0 in [1], True in [1])
