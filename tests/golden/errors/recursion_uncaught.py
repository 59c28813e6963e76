# Uncaught RecursionError: traceback with the repeated-line summary, exit code 1.
import sys
sys.setrecursionlimit(60)
def countdown(n):
    return countdown(n - 1) + 1
print("starting")
countdown(10)
