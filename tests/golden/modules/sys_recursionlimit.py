# sys.getrecursionlimit and sys.setrecursionlimit; a raised limit allows deeper recursion.
import sys
print(sys.getrecursionlimit())
def depth(n):
    return 0 if n == 0 else 1 + depth(n - 1)
try:
    depth(5000)
except RecursionError:
    print("5000 deep fails under the default limit")
sys.setrecursionlimit(10000)
print(sys.getrecursionlimit(), depth(5000))
sys.setrecursionlimit(1000)
print(sys.getrecursionlimit())
try:
    sys.setrecursionlimit(0)
except ValueError as e:
    print("ValueError:", e)
