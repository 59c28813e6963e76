# SyntaxError: the error is on a late line; nothing before it runs.
print("line 2")
print("line 3")
def ok():
    return 4
for i in range(3)
    print(i)
