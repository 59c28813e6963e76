# An exception raised inside an except block replaces the one being handled; the context is kept.
try:
    try:
        raise KeyError("first")
    except KeyError:
        raise ValueError("second")
except ValueError as e:
    print("caught", repr(e), "context", repr(e.__context__))
try:
    try:
        raise KeyError("first")
    finally:
        print("finally runs while KeyError propagates")
except KeyError as e:
    print("caught", repr(e))
try:
    try:
        raise KeyError("first")
    finally:
        raise IndexError("from finally")
except IndexError as e:
    print("caught", repr(e), "context", repr(e.__context__))
