# Operator precedence across arithmetic, shifts, bitwise, comparisons and boolean ops.
print(1 + 2 << 3, 1 + (2 << 3))
print(6 & 3 | 8, 6 & (3 | 8), 5 ^ 3 & 1, (5 ^ 3) & 1)
print(-3 ** 2, ~1 + 1, not 1 == 2, 2 * 3 % 4, 2 * (3 % 4))
print(1 | 2 == 3, (1 | 2) == 3)
print(10 - 4 - 3, 2 ** -1, 100 / 10 / 5, 17 // 3 * 3)
print(1 if 0 else 2 if 0 else 3, not 1 or 2, not (1 or 2))
print(3 > 2 and 2 > 1 or 1 / 0)
