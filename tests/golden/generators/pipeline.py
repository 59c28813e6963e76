# Generators chained into a lazy processing pipeline.
def read_lines():
    text = "alpha 3\nbeta 5\n# comment\ngamma 10\n\ndelta 1"
    for line in text.split("\n"):
        print("read:", repr(line))
        yield line
def parse(lines):
    for line in lines:
        if line and not line.startswith("#"):
            name, num = line.split()
            yield name, int(num)
def running_total(pairs):
    total = 0
    for name, n in pairs:
        total += n
        yield name, total
for name, total in running_total(parse(read_lines())):
    print(name, total)
