# SyntaxError: unmatched closing parenthesis.
values = [1, 2, 3]
x = len(values))
