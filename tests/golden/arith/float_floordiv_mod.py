# Floor division, modulo and divmod with floats and mixed signs.
for a in (7.5, -7.5):
    for b in (2, -2.0):
        print(a, b, a // b, a % b, divmod(a, b))
print(1.0 % 0.1, 3.5 // 0.5, -0.0 % 5, 0.0 % -5)
print(5 % 2.5, -5 % 2.5, 1e300 % 7.0)
print(divmod(7, 2.0), divmod(-7, 2), divmod(7, -2))
try:
    5.0 // 0.0
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
try:
    5.0 % 0
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
try:
    divmod(1, 0)
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
