# repr, str and comparison of very deeply nested tuples, lists, dicts and
# frozensets raise RecursionError (CPython counts them against the recursion
# limit) instead of overflowing the C stack; moderate nesting still works.
import sys


def nest_tuple(n):
    t = ()
    for _ in range(n):
        t = (t,)
    return t


def nest_list(n):
    l = []
    for _ in range(n):
        l = [l]
    return l


def nest_dict(n):
    d = {}
    for _ in range(n):
        d = {"k": d}
    return d


def nest_frozenset(n):
    s = frozenset()
    for _ in range(n):
        s = frozenset([s])
    return s


def attempt(label, f):
    try:
        r = f()
    except RecursionError as e:
        print(label, "RecursionError:", e)
    else:
        print(label, "->", r if isinstance(r, bool) else type(r).__name__ + " of length " + str(len(r)))


for n in (200, 200000):
    print("depth", n)
    t, t2 = nest_tuple(n), nest_tuple(n)
    l, l2 = nest_list(n), nest_list(n)
    d, d2 = nest_dict(n), nest_dict(n)
    attempt("repr(tuple)", lambda: repr(t))
    attempt("str(tuple)", lambda: str(t))
    attempt("f-string", lambda: f"{t!r}")
    attempt("tuple == tuple", lambda: t == t2)
    attempt("tuple is itself", lambda: t == t)
    attempt("tuple < tuple", lambda: t < t2)
    attempt("repr(list)", lambda: repr(l))
    attempt("list == list", lambda: l == l2)
    attempt("list != list", lambda: l != l2)
    attempt("list in list", lambda: l2 in [0, l])
    attempt("repr(dict)", lambda: repr(d))
    attempt("dict == dict", lambda: d == d2)
    attempt("str(mixed)", lambda: str([t, l, d]))

s, s2 = nest_frozenset(3000), nest_frozenset(3000)
attempt("frozenset == frozenset", lambda: s == s2)
attempt("repr(frozenset)", lambda: repr(s))
print("hash of a 3000-deep tuple:", hash(nest_tuple(3000)) == hash(nest_tuple(3000)))
print("hash of a 3000-deep frozenset:", hash(s) == hash(s2))
print(repr(nest_tuple(3)), repr(nest_list(3)), repr(nest_dict(2)))
print(sys.getrecursionlimit())
