# split / rsplit with and without separators and maxsplit; join.
s = "  a  b   c  "
print(s.split())
print(s.split(" "))
print("a,b,,c".split(","), "a,b,,c".split(",", 1), "a,b,,c".rsplit(",", 1))
print("a b c d".split(None, 2), "a b c d".rsplit(None, 2))
print("".split(), "".split(","), "abc".split("abc"))
print("one<>two<>three".split("<>"))
print("-".join(["a", "b", "c"]), "".join(["x", "y"]), ", ".join([]), " ".join("abc"))
print("\n".join(str(i) for i in range(3)))
try:
    "a".split("")
except ValueError as e:
    print("ValueError:", e)
try:
    ",".join([1, 2])
except TypeError as e:
    print("TypeError:", e)
