# Uncaught exceptions without arguments print just the class name.
class Quiet(Exception):
    pass
def f():
    raise Quiet
f()
