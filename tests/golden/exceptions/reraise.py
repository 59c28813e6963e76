# Bare raise re-raises the current exception; raising in except handlers.
def inner():
    raise ValueError("original")
def middle():
    try:
        inner()
    except ValueError:
        print("middle saw it, re-raising")
        raise
try:
    middle()
except ValueError as e:
    print("outer caught:", e)
try:
    try:
        raise KeyError("a")
    except KeyError as e:
        err = e
        raise
except KeyError as e2:
    print(e2 is err)
try:
    raise
except RuntimeError as e:
    print("RuntimeError:", e)
