# list.sort with key and reverse; stability; sorting strings and tuples.
a = [5, 2, 8, 1, 9, 3]
a.sort(); print(a)
a.sort(reverse=True); print(a)
words = ["banana", "Apple", "cherry", "date", "fig", "elderberry"]
words.sort(key=len); print(words)
words.sort(key=str.lower); print(words)
pairs = [(1, "b"), (0, "z"), (1, "a"), (0, "a")]
pairs.sort(); print(pairs)
records = [("ann", 3), ("bob", 1), ("cid", 3), ("dan", 1), ("eve", 2)]
records.sort(key=lambda r: r[1]); print(records)
records.sort(key=lambda r: r[1], reverse=True); print(records)
x = [3, 1, 2]
print(x.sort(), x)
try:
    [1, "a"].sort()
except TypeError as e:
    print("TypeError:", e)
