# expandtabs, count-based helpers, str() and conversions from other types.
print("a\tb\tc".expandtabs(4), "x\ty".expandtabs())
print(str(12), str(-3.5), str([1, "a"]), str((1,)), str({"k": [1]}), str(None), str(b"x"))
print("abc".index("c"), "Hello".lower().count("l"), "x".join("123"))
print("%s|%s" % ("a".isascii(), "é".isascii()))
print("Hello"[::-1].lower().capitalize())
