# SyntaxError: invalid syntax in the middle of an expression.
print("not printed")
x = 1 +* 2
