# The stackless driver runs Python calls, generator resumptions and helper
# callbacks without C recursion: the C stack depth seen from deep inside
# them is the same as at the top. The recursive driver's grows. Prints "ok".
import sys
import _prickle

sys.setrecursionlimit(200000)
top = _prickle.c_stack_depth()

def down(n):
    if n == 0:
        return _prickle.c_stack_depth()
    return down(n - 1)

def gen(n):
    if n == 0:
        yield _prickle.c_stack_depth()
    else:
        yield from gen(n - 1)

deep_call = down(100000)
deep_gen = next(gen(2000))
depths = []
def key(x):
    depths.append(_prickle.c_stack_depth())
    return x
sorted([3, 1, 2], key=key)
mapped = list(map(lambda x: _prickle.c_stack_depth(), range(3)))

if _prickle.driver() == "stackless":
    assert deep_call == top, (deep_call, top)
    assert deep_gen == top, (deep_gen, top)
    assert all(d == top for d in depths), (depths, top)
    assert all(d == top for d in mapped), (mapped, top)
else:
    assert deep_call > top + 100000 * 16, (deep_call, top)
print("ok")
