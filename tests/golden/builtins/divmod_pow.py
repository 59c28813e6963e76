# divmod() and pow() including three-argument pow and mixed types.
print(divmod(17, 5), divmod(-17, 5), divmod(17, -5), divmod(17.5, 5), divmod(-0.5, 1))
print(pow(2, 8), pow(2.0, 0.5), pow(-2, 2), pow(2, -3), pow(9, 0.5), pow(10, 2, 7), pow(3, 0, 1))
try:
    pow(2, 3, 0)
except ValueError as e:
    print("ValueError:", e)
try:
    pow(2.0, 3, 5)
except TypeError as e:
    print("TypeError:", e)
