# abs() of ints, floats, bools and objects with __abs__.
class Dist:
    def __abs__(self):
        return "abs called"
print(abs(-5), abs(5), abs(0), abs(-2.5), abs(-0.0), abs(True), abs(float("-inf")), abs(Dist()))
print(abs(-9223372036854775807))
