# raise ... from None hides the context in the traceback.
def convert(v):
    try:
        return float(v)
    except ValueError:
        raise TypeError("expected a number, got " + repr(v)) from None
convert("abc")
