# Floor division and modulo of ints with every sign combination.
for a in (7, -7):
    for b in (2, -2):
        print(a, b, a // b, a % b, divmod(a, b))
print(0 // 5, 0 % 5, 5 // 1, 5 % 1)
print(-1 // 10, -1 % 10, 1 // -10, 1 % -10)
print(100 // 7 * 7 + 100 % 7)
try:
    1 // 0
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
try:
    1 % 0
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
