# SyntaxError: a triple-quoted string that is never closed.
print("before")
text = """starts here
and never
ends
