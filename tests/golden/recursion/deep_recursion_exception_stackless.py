# prickle-test: drivers=stackless
# prickle-test: stack-kb=2048
# An exception raised 100,000 frames deep unwinds through every frame's finally block.
import sys
sys.setrecursionlimit(200000)
unwound = [0]
def dive(n):
    try:
        if n == 0:
            raise ValueError("bottom reached")
        return dive(n - 1)
    finally:
        unwound[0] += 1
try:
    dive(100000)
except ValueError as e:
    print(e, unwound[0])
