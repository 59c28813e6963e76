# and / or / not: short-circuit and the value returned.
def t(v):
    print("eval", repr(v))
    return v
print(1 and 2, 0 and 2, 1 or 2, 0 or 2, "" or "default", None or 0)
print(not 0, not 1, not "", not [1])
r = t(0) and t(1)
print("r =", r)
r = t(1) or t(2)
print("r =", r)
r = t(0) or t("") or t("last")
print("r =", r)
print(1 < 2 and 2 < 3, True and not False)
x = None
print(x is None and "none" or "something")
