# Results too large to allocate fail at once, as in CPython: MemoryError for
# sizes no machine can provide, OverflowError where CPython's size arithmetic
# or C int arguments overflow; ordinary padding and tab expansion still work.
BIG = 2**60


def attempt(label, f):
    try:
        r = f()
    except (MemoryError, OverflowError, ValueError) as e:
        print(label, "->", type(e).__name__, e)
    else:
        print(label, "->", repr(r) if len(r) < 80 else "length %d" % len(r))


attempt("'a' * BIG", lambda: "a" * BIG)
attempt("'\\xe9' * BIG", lambda: "\xe9" * BIG)
attempt("'ab' * 2**62", lambda: "ab" * 2**62)
attempt("'abc'.ljust(BIG)", lambda: "abc".ljust(BIG))
attempt("'abc'.rjust(BIG, '*')", lambda: "abc".rjust(BIG, "*"))
attempt("'x'.center(BIG, '\\u20ac')", lambda: "x".center(BIG, "\u20ac"))
attempt("'-1'.zfill(BIG)", lambda: "-1".zfill(BIG))
attempt("'a\\tb'.expandtabs(2**40)", lambda: "a\tb".expandtabs(2**40))
attempt("'a\\tb'.expandtabs(-2**40)", lambda: "a\tb".expandtabs(-(2**40)))
attempt("format(1, str(BIG))", lambda: format(1, str(BIG)))
attempt("'{:BIG}'.format(1.5)", lambda: ("{:%d}" % BIG).format(1.5))
attempt("'{:0=BIG}'.format(-7)", lambda: ("{:0=%d}" % BIG).format(-7))
attempt("'{:*^BIG}'.format('s')", lambda: ("{:*^%d}" % BIG).format("s"))
attempt("f'{1:{BIG}}'", lambda: f"{1:{BIG}}")
attempt("'{:BIG.5}'.format(1)", lambda: ("{:%d.5}" % BIG).format(1))
attempt("'{:99999999999999999999}'.format(1)", lambda: "{:99999999999999999999}".format(1))
attempt("'{:.2147483648f}'.format(1.5)", lambda: "{:.2147483648f}".format(1.5))
attempt("'%*d' % (BIG, 1)", lambda: "%*d" % (BIG, 1))
attempt("'%*s' % (-BIG, 'x')", lambda: "%*s" % (-BIG, "x"))
attempt("'%0BIGd' % -1", lambda: ("%%0%dd" % BIG) % -1)
attempt("'%.*f' % (2**40, 1.0)", lambda: "%.*f" % (2**40, 1.0))
attempt("'%.*d' % (-2**40, 1)", lambda: "%.*d" % (-(2**40), 1))
attempt("'%.*d' % (2**31 - 1, 1)", lambda: "%.*d" % (2**31 - 1, 1))
attempt("'%.2147483648f' % 1.0", lambda: "%.2147483648f" % 1.0)
attempt("'%.2147483645x' % 255", lambda: "%.2147483645x" % 255)
attempt("'%99999999999999999999d' % 1", lambda: "%99999999999999999999d" % 1)
print("ordinary sizes:")
attempt("center", lambda: "\xe9".center(6, "\u20ac") + "abc".center(8, "*"))
attempt("ljust/rjust", lambda: "ab".ljust(5, "\xb7") + "|" + "ab".rjust(5) + "|" + "abc".ljust(2))
attempt("zfill", lambda: "-42".zfill(7) + " " + "+x".zfill(4) + " " + "\xe9".zfill(3) + " " + "12".zfill(1))
attempt("expandtabs", lambda: "a\tbc\t\td\n\t\xe9\tf".expandtabs(3) + "|" + "x\ty".expandtabs() + "|" + "x\ty".expandtabs(0))
attempt("repeat", lambda: "ab" * 3 + "\xe9" * 2 + "x" * 0 + "y" * -1)
attempt("width", lambda: "%6.2f|%-5d|%05d|%+.3d|%#6x" % (3.14159, 7, -42, 5, 255))
attempt("format", lambda: "{:>8.3f}|{:^9}|{:0=+8d}|{:\u20ac<4}|{:.3e}".format(2.5, "mid", 42, "a", 12345.678))
attempt("precision", lambda: "%.30f" % 0.1 + " " + "{:.25e}".format(1e-300))
