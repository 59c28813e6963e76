"""Exceptions and context managers: raising and catching builtin and
user exceptions in loops, try/except/else/finally, exception chaining,
and `with` blocks around a resource class."""
import sys


class ParseError(ValueError):
    def __init__(self, text, pos):
        super().__init__("bad input at %d" % pos)
        self.text = text
        self.pos = pos


class Resource:
    opened = 0
    closed = 0

    def __init__(self, name):
        self.name = name

    def __enter__(self):
        Resource.opened += 1
        return self

    def __exit__(self, exc_type, exc, tb):
        Resource.closed += 1
        return exc_type is KeyError


def parse_number(text):
    value = 0
    for pos, ch in enumerate(text):
        if ch < "0" or ch > "9":
            raise ParseError(text, pos)
        value = value * 10 + (ord(ch) - 48)
    return value


def lookup(table, key):
    try:
        return table[key]
    except KeyError:
        return -1
    finally:
        table["hits"] = table.get("hits", 0) + 1


def run(iterations):
    total = 0
    inputs = [str(i * 37) if i % 4 else str(i) + "x" + str(i) for i in range(2000)]
    for it in range(iterations):
        for text in inputs:
            try:
                total += parse_number(text)
            except ParseError as e:
                total += e.pos + len(e.text)
            else:
                total += 1
        table = {i: i * i for i in range(0, 1000, 3)}
        for k in range(1000):
            total += lookup(table, k)
        for k in range(500):
            with Resource("r%d" % k) as r:
                if k % 3 == 0:
                    raise KeyError(k)
                total += len(r.name)
        for k in range(500):
            try:
                try:
                    1 // (k % 5)
                except ZeroDivisionError as e:
                    raise RuntimeError("wrapped") from e
            except RuntimeError as e:
                total += 1 if e.__cause__ is not None else 0
    return total + Resource.opened + Resource.closed


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 220
    print("exceptions", n, run(n))
