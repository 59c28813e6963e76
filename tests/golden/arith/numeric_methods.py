# Methods and attributes on int, float and bool values.
print((17).bit_length(), (-5).__abs__(), (3).real, (3).imag, (3).numerator, (3).denominator)
print((2.5).real, (7).conjugate(), (1.5).conjugate())
print(int.__name__, float.__name__, bool.__name__)
print(isinstance(True, int), issubclass(bool, int), bool(2), bool(0.0), bool(-0.0), bool(1e-300))
print(True + 1, True & False, True | False, True ^ True, ~True)
print(str(True), repr(False), int("1") == True)
