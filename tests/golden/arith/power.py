# ** on ints and floats; negative exponents give floats; 3-argument pow.
print(2 ** 10, 3 ** 0, 0 ** 0, (-3) ** 3, 2 ** 62)
print(2 ** -1, 10 ** -2, 4 ** 0.5, 2.0 ** 3, (-8) ** 2)
print(pow(2, 10), pow(2, -2), pow(3, 4, 5), pow(7, 100, 13), pow(-2, 3, 5))
print(1.5 ** 2, 0.5 ** 10, 10.0 ** 15, 10.0 ** 16)
print(pow(5, -1, 7))
try:
    0 ** -1
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
