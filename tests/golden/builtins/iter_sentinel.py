# iter(callable, sentinel): call until the sentinel value is returned.
counter = [0]
def tick():
    counter[0] += 1
    return counter[0]
print(list(iter(tick, 5)))
lines = ["a", "b", "", "c"]
def read_line():
    return lines.pop(0)
for line in iter(read_line, ""):
    print("line", line)
print(lines)
