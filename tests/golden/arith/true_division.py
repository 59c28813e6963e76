# True division always gives a float.
print(7 / 2, -7 / 2, 6 / 3, 1 / 3, 2 / 3)
print(type(4 / 2).__name__)
print(10 / 4, 1 / 8, 1 / 10, 22 / 7)
print(9007199254740993 / 1)
print(-0.0 / 5, 0 / -5)
try:
    1 / 0
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
try:
    1.0 / 0
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
