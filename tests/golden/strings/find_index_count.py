# find, rfind, index, rindex, count with start/end arguments.
s = "the cat sat on the mat"
print(s.find("at"), s.rfind("at"), s.find("dog"), s.find("at", 6), s.find("at", 6, 9))
print(s.index("the"), s.rindex("the"), s.count("at"), s.count("the"), s.count(""))
print(s.count("a", 5, 15), "aaaa".count("aa"), s.find(""), s.rfind(""))
print(s.find("t", -5), s.find("the", -3))
try:
    s.index("dog")
except ValueError as e:
    print("ValueError:", e)
try:
    s.rindex("dog")
except ValueError as e:
    print("ValueError:", e)
