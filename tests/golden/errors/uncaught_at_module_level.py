# An uncaught exception at module level: stdout so far is kept, traceback on stderr, exit 1.
print("first line")
items = [1, 2, 3]
print(items[3])
