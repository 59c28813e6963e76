# Non-ASCII identifiers and non-ASCII text in strings and comments (ünïcode).
café = "coffee"
π = 3.14159
def größe(x):
    return x * 2
class Ñandú:
    pass
print(café, π, größe(21), Ñandú.__name__)
