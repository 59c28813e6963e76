# Builtin exceptions triggered by the operations that raise them, with CPython's messages.
import math
def attempt(label, f):
    try:
        f()
    except Exception as e:
        print(label, "->", type(e).__name__ + ":", e)
attempt("int('x')", lambda: int("x"))
attempt("1 + 'a'", lambda: 1 + "a")
attempt("{}['k']", lambda: {}["k"])
attempt("[][3]", lambda: [][3])
attempt("1 // 0", lambda: 1 // 0)
attempt("None.x", lambda: None.x)
attempt("undefined", lambda: undefined_name)
attempt("math.exp(1000)", lambda: math.exp(1000))
attempt("math.sqrt(-1)", lambda: math.sqrt(-1))
attempt("next(iter([]))", lambda: next(iter([])))
attempt("len(5)", lambda: len(5))
attempt("(1, 2)[5]", lambda: (1, 2)[5])
attempt("'abc'.index('z')", lambda: "abc".index("z"))
attempt("[1, 2].remove(3)", lambda: [1, 2].remove(3))
nothing = None
attempt("nothing()", lambda: nothing())
attempt("float('x')", lambda: float("x"))
attempt("2.0 ** 10000", lambda: 2.0 ** 10000)
attempt("abs('s')", lambda: abs("s"))
attempt("-'s'", lambda: -"s")
attempt("[1] * 'x'", lambda: [1] * "x")
attempt("'x' < 1", lambda: "x" < 1)
attempt("sum(['a'])", lambda: sum(["a"]))
attempt("iter(5)", lambda: iter(5))
attempt("object().x = 1", lambda: setattr(object(), "x", 1))
