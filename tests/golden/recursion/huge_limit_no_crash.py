# With an enormous recursion limit, unbounded recursion must end in RecursionError
# and never in a crash: every driver must survive it.
import sys
sys.setrecursionlimit(1000000)
def forever(n):
    return forever(n + 1)
try:
    forever(0)
except RecursionError:
    print("RecursionError caught")
print("still alive")
