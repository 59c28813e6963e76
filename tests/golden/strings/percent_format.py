# printf-style % formatting.
print("%d %i %s %r" % (42, -7, "str", "repr"))
print("%5d|%-5d|%05d|%+d|% d" % (42, 42, 42, 42, 42))
print("%.2f|%8.3f|%-8.1f|%08.2f|%e|%.2E|%g|%G" % (3.14159, 2.71828, 1.5, -1.5, 12345.678, 0.000123, 1e-5, 1e20))
print("%x|%X|%#x|%o|%#o|%c|%c" % (255, 255, 255, 8, 8, 65, "z"))
print("%s and %s" % ("a", "b"), "%s" % "single", "%s" % (("tuple",),), "%%" % ())
print("%(name)s is %(age)d" % {"name": "ann", "age": 31})
print("%*d|%-*d|%.*f" % (6, 1, 4, 2, 2, 3.14159))
print("%s %s" % ([1, 2], None), "%r" % (1.5,), "%s" % 1.0, "%d" % 3.99, "%s" % True)
try:
    "%d %d" % (1,)
except TypeError as e:
    print("TypeError:", e)
try:
    "%d" % (1, 2)
except TypeError as e:
    print("TypeError:", e)
try:
    "%d" % "x"
except TypeError as e:
    print("TypeError:", e)
