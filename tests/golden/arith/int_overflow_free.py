# Large but 64-bit results: factorials, products and sums near the limits.
f = 1
for i in range(1, 21):
    f *= i
print(f)
print(9223372036854775807 // 3)
print(3 ** 39, 7 ** 22, -(3 ** 39))
print(sum(range(1000000)))
print(abs(-9223372036854775807), -9223372036854775807 // -1)
print(4294967295 * 2147483647)
print(9223372036854775807 % 1000, -9223372036854775807 % 1000)
