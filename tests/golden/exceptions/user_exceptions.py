# User exception classes: hierarchy, extra attributes, custom __str__.
class AppError(Exception):
    pass
class NotFound(AppError):
    def __init__(self, what, where):
        super().__init__(what, where)
        self.what = what
        self.where = where
    def __str__(self):
        return f"{self.what} not found in {self.where}"
class Invalid(AppError):
    pass
for exc in [NotFound("key", "table"), Invalid("bad", 42), AppError()]:
    try:
        raise exc
    except NotFound as e:
        print("NotFound:", e, e.args, e.what)
    except AppError as e:
        print(type(e).__name__, str(e), repr(e), e.args)
print(issubclass(NotFound, Exception), issubclass(NotFound, BaseException), isinstance(Invalid(), AppError))
