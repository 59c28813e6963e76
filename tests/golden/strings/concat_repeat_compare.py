# Concatenation, repetition, comparison and ordering of strings.
a = "abc"
print(a + "def", a * 3, 3 * a, a * 0, a * -2, "" + "")
print("abc" < "abd", "abc" < "ab", "B" < "a", "apple" == "apple", "a" != "A")
print(sorted(["banana", "Apple", "cherry", "apple", "Banana"]))
print(max("hello"), min("hello"), "Z" < "a" < "z")
try:
    "a" + 1
except TypeError as e:
    print("TypeError:", e)
try:
    "a" * 1.5
except TypeError as e:
    print("TypeError:", e)
