# A C activation that cannot be rebuilt (Python code called by C code outside
# the helper protocol: _prickle.call_nested) makes its tasklet not
# restorable. The stackless strategy refuses the switch inside it; the
# others switch, but refuse to pickle the tasklet with an error naming the
# function — and the tasklet is not disturbed: it still runs to the end.
import pickle
import stackless
import _prickle

out = []


def inner(x):
    stackless.schedule()
    return x * 2


def body():
    try:
        out.append(_prickle.call_nested(inner, 21))
    except RuntimeError as e:
        out.append(str(e))


t = stackless.tasklet(body)()
t.run()
if _prickle.driver() == "stackless":
    assert len(out) == 1 and "cannot switch tasklets inside 'inner'" in out[0], out
    assert "nesting level 1" in out[0], out
else:
    assert t.alive and not out and t.nesting_level == 1, (t.alive, out)
    try:
        pickle.dumps(t)
        raise AssertionError("pickled a tasklet that is not restorable")
    except pickle.PicklingError as e:
        msg = str(e)
    assert "not restorable" in msg and "'inner'" in msg and "nesting level 1" in msg, msg
    stackless.run()
    assert out == [42], out
print("ok")
