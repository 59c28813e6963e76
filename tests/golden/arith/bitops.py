# Bitwise and, or, xor, invert, shifts on positive and negative ints.
print(12 & 10, 12 | 10, 12 ^ 10, ~12, ~-1, ~0)
print(-12 & 10, -12 | 10, -12 ^ 10, -12 & -10)
print(1 << 10, 1 << 62, 1024 >> 3, -1024 >> 3, -1 >> 5, 5 >> 10)
print(0xFF & 0x0F, 0xF0 | 0x0F, 0b1010 ^ 0b0110)
print(hex(255), hex(-255), oct(8), bin(10), bin(-10), bin(0))
x = 0
for bit in (0, 3, 5):
    x |= 1 << bit
print(x, bin(x), x & (1 << 3) != 0, x & (1 << 4) != 0)
print((5).bit_length(), (0).bit_length(), (-8).bit_length(), (255).bit_length())
try:
    1 << -1
except ValueError as e:
    print("ValueError:", e)
