# bool() conversions and bool as an int subclass.
print(bool(), bool(0), bool(1), bool(-1), bool(0.0), bool(0.1), bool(""), bool(" "))
print(bool([]), bool([[]]), bool({}), bool(set()), bool(range(0)), bool(None), bool(b""))
print(True + True, True * 3, False * 10, True / 2, -True, True == 1)
print(sum([True, False, True]), [False, True][True], isinstance(False, int))
print(str(True), repr(False), True and 3, False or "x", bool("False"))
