# assert statements that pass and one that fails with a message (caught).
assert True
assert 1 + 1 == 2, "math works"
x = [1, 2, 3]
assert len(x) == 3
try:
    assert x[0] == 2, "first element is %d" % x[0]
except AssertionError as e:
    print("caught:", e)
try:
    assert False
except AssertionError as e:
    print("no message:", repr(e), e.args)
print("end")
