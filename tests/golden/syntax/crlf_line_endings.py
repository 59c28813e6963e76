# A program with Windows (CRLF) line endings.
x = 1
if x:
    print("crlf", x)
s = """multi
line"""
print(repr(s))
