"""String building: join, f-strings with format specs, %-formatting,
str.format, concatenation in loops, and common str methods (split,
replace, find, strip, upper, startswith)."""
import sys


def build_report(rows):
    lines = []
    for i, (name, qty, price) in enumerate(rows):
        lines.append(f"{i:04d} | {name:<10} | {qty:>5} | {price:9.2f} | {qty * price:,.1f}")
    return "\n".join(lines)


def old_style(rows):
    out = []
    for name, qty, price in rows:
        out.append("%-8s %3d %7.3f %x" % (name, qty, price, qty * 17))
        out.append("{0}:{1}:{2!r}".format(name, qty, name.upper()))
    return "".join(out)


def concat(n):
    s = ""
    for i in range(n):
        s += str(i % 10)
        if i % 50 == 49:
            s += "\n"
    return s


def process(text):
    total = 0
    for line in text.split("\n"):
        fields = [f.strip() for f in line.split("|")]
        if fields[0].startswith("00"):
            total += 1
        total += len(fields[1].replace("a", "AA"))
        total += fields[1].find("e") + line.count("1")
    words = text.upper().split()
    total += len(words) + sum(len(w) for w in words if w.isdigit())
    return total


def run(iterations):
    total = 0
    names = ["apple", "banana", "cherry", "date", "elderberry", "fig", "grape", "kiwi"]
    for it in range(iterations):
        rows = [(names[i % len(names)], (i * 7 + it) % 1000, ((i * 37) % 1000) / 7.0)
                for i in range(1500)]
        report = build_report(rows)
        total += len(report) + process(report)
        total += len(old_style(rows))
        total += len(concat(5000))
        total += len(",".join(str(x) for x in range(2000)).split(","))
    return total


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 90
    print("strings", n, run(n))
