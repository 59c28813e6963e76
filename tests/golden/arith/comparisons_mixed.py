# Comparisons between ints, floats and bools; equality across types.
print(1 == 1.0, 1 < 1.5, 2 > 1.9999, -1 < -0.5, 0 == -0.0)
print(True == 1, False == 0, True + True, True * 10, False - 1)
print(9007199254740993 == 9007199254740992.0, 9007199254740992 == 9007199254740992.0)
print(1 == "1", [1] == (1,), None == 0, None == None)
print(max(1, 2.0), min(-1, -1.5), sorted([3, 1.5, True, 0.0, -2]))
try:
    1 < "2"
except TypeError as e:
    print("TypeError:", e)
try:
    [1] < (1,)
except TypeError as e:
    print("TypeError:", e)
try:
    None < None
except TypeError as e:
    print("TypeError:", e)
