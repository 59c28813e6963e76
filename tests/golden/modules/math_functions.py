# math module functions with exactly representable or well-defined results.
import math
print(math.sqrt(2), math.sqrt(144), math.floor(-2.5), math.ceil(-2.5), math.floor(3), math.trunc(-3.7))
print(math.fabs(-3), math.pow(2, 10), math.exp(1), math.log(math.e), math.log(8, 2), math.log10(1000), math.log2(1024))
print(math.sin(0), math.cos(0), math.sin(math.pi / 2), math.tan(0), math.atan(1) * 4, math.atan2(1, 1), math.hypot(3, 4))
print(math.degrees(math.pi), math.radians(180), math.asin(1), math.acos(1))
print(math.isnan(float("nan")), math.isinf(float("-inf")), math.isfinite(1.0), math.isclose(0.1 + 0.2, 0.3))
print(math.gcd(12, 18), math.factorial(10), math.copysign(3, -0.0), math.fmod(-7, 3), math.modf(2.5))
print(type(math.floor(2.5)).__name__, type(math.sqrt(4)).__name__, math.exp(0), math.log(1))
try:
    math.log(0)
except ValueError as e:
    print("ValueError:", e)
try:
    math.factorial(-1)
except ValueError as e:
    print("ValueError:", e)
