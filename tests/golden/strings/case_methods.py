# upper, lower, capitalize, title, swapcase, casefold-free case handling.
s = "hello World, it's PYTHON 3.11!"
print(s.upper())
print(s.lower())
print(s.capitalize())
print(s.title())
print(s.swapcase())
print("ÉCOLE straße".lower(), "éa".upper())
print("".upper() == "", "123".upper())
