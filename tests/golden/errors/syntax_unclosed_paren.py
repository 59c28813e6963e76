# SyntaxError: an opening parenthesis that is never closed.
print("this line never runs: the file does not compile")
total = (1 +
         2
