# try/except: matching by class, by base class, tuples of classes, `as` binding.
def risky(kind):
    if kind == "zero":
        return 1 / 0
    if kind == "key":
        return {}["k"]
    if kind == "index":
        return [][0]
    if kind == "type":
        return "a" + 1
    return "fine"
for kind in ["zero", "key", "index", "type", "none"]:
    try:
        print(risky(kind))
    except ZeroDivisionError as e:
        print("zero:", e)
    except (KeyError, IndexError) as e:
        print("lookup:", type(e).__name__, e)
    except Exception as e:
        print("other:", type(e).__name__, e)
try:
    [][1]
except LookupError as e:
    print("LookupError base caught", type(e).__name__)
try:
    raise ValueError
except ValueError as e:
    print("bare class raised:", repr(e))
