# Nested try statements: inner handlers first, outer handlers see what escapes.
def level(n):
    try:
        try:
            if n == 1:
                raise ValueError("v")
            if n == 2:
                raise KeyError("k")
            if n == 3:
                raise TypeError("t")
            return "no error"
        except ValueError:
            return "inner caught ValueError"
        finally:
            print("  inner finally for", n)
    except KeyError:
        return "outer caught KeyError"
for n in (0, 1, 2):
    print(n, level(n))
try:
    level(3)
except TypeError as e:
    print("escaped both:", e)
