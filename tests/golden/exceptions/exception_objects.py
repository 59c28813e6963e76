# Exception args, str and repr for zero, one and several arguments.
for e in [Exception(), Exception("msg"), Exception("a", 2), ValueError(3), KeyError("k"), KeyError("a", "b"), IndexError()]:
    print(repr(e), "|", str(e), "|", e.args)
e = RuntimeError("x")
print(isinstance(e, Exception), type(e).__name__, e.args[0])
err = ValueError("changeable")
err.args = ("changed",)
print(err)
