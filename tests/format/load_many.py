# load_many.py — the loader of the malformed-pickle tests (malformed.py):
# pickle.loads() of many byte strings in one process, one line of result
# per case, so that thousands of cases do not pay a process start each.
#
# usage: prickle run load_many.py DATA INDEX
# DATA holds the cases back to back; INDEX the text "offset length" of each
# (whitespace-separated). Prints per case, in order:
#   OK <type of the loaded object>
#   ERR <message of the pickle.UnpicklingError>
#   EXC <type> <message>          (any other exception: a test failure)
import pickle
import sys

data = open(sys.argv[1], "rb").read()
index = open(sys.argv[2]).read().split()
i = 0
while i + 1 < len(index):
    off = int(index[i])
    n = int(index[i + 1])
    i += 2
    try:
        obj = pickle.loads(data[off:off + n])
        print("OK", type(obj).__name__)
    except pickle.UnpicklingError as e:
        print("ERR", repr(str(e)))
    except Exception as e:
        print("EXC", type(e).__name__, repr(str(e)))
