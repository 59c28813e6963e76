# Comments, explicit backslash continuation and implicit continuation inside brackets.
x = 1 + \
    2 + \
    3  # trailing comment
print(x)
total = (1 +
         2 +  # a comment inside parentheses
         3)
print(total)
items = [
    1,
    2,
    3,  # trailing comma
]
print(items)
d = {
    "a": 1,
    "b": 2
}
print(d)
def f(a,
      b,
      c):
    return a + b + c
print(f(1,
        2,
        3))
if (x == 6 and
        total == 6):
    print("both six")
#
#    an indented comment line between statements is fine
print("end")
