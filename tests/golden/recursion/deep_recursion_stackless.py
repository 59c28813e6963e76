# prickle-test: drivers=stackless
# prickle-test: stack-kb=2048
# 100,000-deep Python recursion after sys.setrecursionlimit, under a 2 MiB C stack:
# only an interpreter whose Python calls use no C stack (stackless driver) can run it.
import sys
sys.setrecursionlimit(200000)
def depth(n):
    if n == 0:
        return 0
    return depth(n - 1) + 1
print(depth(100000))
def sum_to(n, acc=0):
    if n == 0:
        return acc
    return sum_to(n - 1, acc + n)
print(sum_to(100000))
class Node:
    def __init__(self, nxt):
        self.nxt = nxt
    def length(self):
        return 1 if self.nxt is None else 1 + self.nxt.length()
head = None
for _ in range(100000):
    head = Node(head)
print(head.length())
