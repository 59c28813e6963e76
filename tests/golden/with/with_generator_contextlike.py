# A hand-written context manager class wrapping a generator (contextlib-like).
class contextmanager_like:
    def __init__(self, gen_func, *args):
        self.gen = gen_func(*args)
    def __enter__(self):
        return next(self.gen)
    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            try:
                next(self.gen)
            except StopIteration:
                return False
        try:
            self.gen.throw(exc)
        except StopIteration:
            return True
        except BaseException as e:
            if e is exc:
                return False
            raise
        return False
def tag(name):
    print("<%s>" % name)
    try:
        yield name.upper()
    except ValueError as e:
        print("tag saw", e)
    finally:
        print("</%s>" % name)
with contextmanager_like(tag, "b") as t:
    print("content", t)
with contextmanager_like(tag, "i"):
    raise ValueError("handled inside generator")
print("done")
