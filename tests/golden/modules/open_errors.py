# Opening a missing file raises an OSError subclass; writing to a file opened for reading fails.
try:
    open("_tmp_open_errors_missing_file.txt")
except OSError as e:
    print(type(e).__name__, "|", e)
name = "_tmp_open_errors.txt"
with open(name, "w") as f:
    f.write("x")
with open(name) as f:
    try:
        f.write("y")
    except OSError as e:
        print("write to a read-only file failed:", e)
try:
    with open(name, "rb") as f:
        f.read()
        raise ValueError("raised inside with open")
except ValueError as e:
    print(e, f.closed)
