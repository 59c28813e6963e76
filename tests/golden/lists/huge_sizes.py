# Lists, tuples, bytes and int.to_bytes results too large to allocate raise
# MemoryError at once (OverflowError where CPython's size arithmetic
# overflows), as in CPython; ordinary repetition still works.
BIG = 2**60


def attempt(label, f):
    try:
        r = f()
    except (MemoryError, OverflowError, ValueError) as e:
        print(label, "->", type(e).__name__, e)
    else:
        print(label, "->", repr(r) if len(r) < 80 else "length %d" % len(r))


attempt("[0] * BIG", lambda: [0] * BIG)
attempt("[0, 1] * 2**62", lambda: [0, 1] * 2**62)
attempt("[0] * 2**57", lambda: [0] * 2**57)
attempt("(0,) * BIG", lambda: (0,) * BIG)
attempt("(0, 1) * 2**57", lambda: (0, 1) * 2**57)
attempt("2**57 * ('x',)", lambda: 2**57 * ("x",))
lst = [1, 2]
def imul():
    global lst
    lst *= BIG
    return lst
attempt("lst *= BIG", imul)
print("lst after:", lst)
attempt("list(range(BIG))", lambda: list(range(BIG)))
attempt("[*range(BIG)]", lambda: [*range(BIG)])
attempt("sorted(range(BIG))", lambda: sorted(range(BIG)))
attempt("bytes(BIG)", lambda: bytes(BIG))
attempt("bytes(range(BIG))", lambda: bytes(range(BIG)))
attempt("b'a' * BIG", lambda: b"a" * BIG)
attempt("b'ab' * 2**62", lambda: b"ab" * 2**62)
attempt("b'x'.ljust(BIG)", lambda: b"x".ljust(BIG))
attempt("b'x'.center(BIG, b'-')", lambda: b"x".center(BIG, b"-"))
attempt("b'-5'.zfill(BIG)", lambda: b"-5".zfill(BIG))
attempt("b'a\\tb'.expandtabs(2**40)", lambda: b"a\tb".expandtabs(2**40))
attempt("(0).to_bytes(BIG, 'big')", lambda: (0).to_bytes(BIG, "big"))
attempt("(1).to_bytes(BIG, 'little', signed=True)", lambda: (1).to_bytes(BIG, "little", signed=True))
attempt("(0).to_bytes(-1, 'big')", lambda: (0).to_bytes(-1, "big"))
print("ordinary sizes:")
attempt("list repeat", lambda: [1, 2] * 3 + [0] * 0 + [9] * -2)
attempt("tuple repeat", lambda: (1,) * 3 + 2 * ("a", "b"))
attempt("bytes", lambda: b"ab" * 3 + bytes(2) + b"x".ljust(3, b".") + b"-42".zfill(6))
attempt("bytes expandtabs", lambda: b"a\tbc\t\td\n\tf".expandtabs(3) + b"|" + b"x\ty".expandtabs())
attempt("to_bytes", lambda: (1025).to_bytes(4, "big") + (-2).to_bytes(3, "little", signed=True))
attempt("list(range)", lambda: list(range(5)) + list(range(10, 0, -3)) + [*range(3), *range(2)])
