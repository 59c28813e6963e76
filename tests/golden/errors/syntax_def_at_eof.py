# SyntaxError: a function definition with no body at the end of the file.
print("x")
def incomplete():
