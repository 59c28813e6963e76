# Iterating over strings, len, in, enumerate of characters.
s = "héllo"
print(len(s), list(s))
for i, ch in enumerate("abc"):
    print(i, ch, ord(ch))
print([c for c in "hello" if c in "aeiou"])
print("".join(reversed("stressed")))
counts = {}
for ch in "mississippi":
    counts[ch] = counts.get(ch, 0) + 1
print(counts)
