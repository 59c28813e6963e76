# Integer and float literal forms.
print(0, 7, -7, 1_000_000)
print(0x1F, 0XfF, 0o17, 0O7, 0b1011, 0B1)
print(0x_dead_beef, 0b_1010_1010)
print(1.5, .5, 5., 1e3, 1E-3, 1.5e+2, 1_0.2_5)
print(0.0, -0.0, 00, 000)
print(type(10).__name__, type(1.0).__name__, type(1e0).__name__)
print(9223372036854775807)
print(-9223372036854775807 - 1)
