# open() in text mode: write, read back, read lines, iterate; files named _tmp_* are removed by the runner.
name = "_tmp_open_text.txt"
with open(name, "w") as f:
    n = f.write("first line\n")
    f.write("second line\n")
    f.write("héllo ünïcode\n")
print("wrote", n, "characters first")
with open(name) as f:
    print(repr(f.read()))
with open(name, "r") as f:
    print(f.readline(), end="")
    print(f.readlines())
with open(name) as f:
    for i, line in enumerate(f):
        print(i, line.rstrip("\n"))
with open(name, "a") as f:
    f.write("appended\n")
with open(name) as f:
    lines = f.read().splitlines()
print(len(lines), lines[-1])
f = open(name, "w")
f.write("overwritten")
f.close()
print(open(name).read(), f.closed)
