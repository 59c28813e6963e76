# SyntaxError: return outside a function (reported by the compiler, with a caret range).
x = 1
return x
