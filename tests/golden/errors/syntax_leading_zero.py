# SyntaxError: leading zeros in a decimal integer literal.
x = 0777
