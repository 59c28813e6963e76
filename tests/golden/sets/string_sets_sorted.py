# Sets of strings: membership and sorted output (their order is hash-dependent).
words = "to be or not to be that is the question".split()
unique = set(words)
print(len(words), len(unique), sorted(unique))
print("be" in unique, "maybe" in unique)
vowels = set("aeiou")
print(sorted(set("programming") - vowels), sorted(set("programming") & vowels))
print(sorted({w[0] for w in words}))
