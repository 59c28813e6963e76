# A module body runs only once; later imports reuse the cached module.
print("before first import")
import _counter_mod
print("after first import")
import _counter_mod
from _counter_mod import bump
import _counter_mod as cm
print(bump(), bump(), _counter_mod.count, cm.count, cm is _counter_mod)
def inside_function():
    import _counter_mod
    return _counter_mod.bump()
print(inside_function(), _counter_mod.count)
