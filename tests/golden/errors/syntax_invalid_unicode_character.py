# SyntaxError: an invalid non-ASCII character in an expression.
price = 5 €
