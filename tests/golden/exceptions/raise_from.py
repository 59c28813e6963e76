# raise ... from sets __cause__; implicit chaining sets __context__.
class ConfigError(Exception):
    pass
def load():
    try:
        int("not a number")
    except ValueError as e:
        raise ConfigError("bad config") from e
try:
    load()
except ConfigError as e:
    print(repr(e), "cause:", repr(e.__cause__), "suppress:", e.__suppress_context__)
try:
    try:
        {}["x"]
    except KeyError:
        raise RuntimeError("while handling")
except RuntimeError as e:
    print(repr(e), "context:", repr(e.__context__), "cause:", e.__cause__)
try:
    try:
        1 / 0
    except ZeroDivisionError:
        raise ValueError("clean") from None
except ValueError as e:
    print(repr(e), e.__cause__, e.__suppress_context__, repr(e.__context__))
