# The recursion limit is enforced on every driver: a depth just under it works, over it raises.
import sys
sys.setrecursionlimit(2000)
def depth(n):
    return 0 if n == 0 else 1 + depth(n - 1)
print(depth(1900))
try:
    depth(2100)
except RecursionError as e:
    print("RecursionError:", e)
print(depth(10))
