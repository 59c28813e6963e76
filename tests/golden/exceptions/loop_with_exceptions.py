# try inside loops with break/continue, and exceptions used for control flow.
data = ["1", "2", "x", "4", "stop", "6"]
total = 0
for item in data:
    try:
        if item == "stop":
            break
        total += int(item)
    except ValueError:
        print("skipping", item)
        continue
    finally:
        print("processed", item)
print("total", total)
def first_int(items):
    for it in items:
        try:
            return int(it)
        except ValueError:
            pass
    raise LookupError("no ints")
print(first_int(["a", "b", "7"]))
try:
    first_int(["a"])
except LookupError as e:
    print("LookupError:", e)
