# prickle-test: drivers=stackless
# prickle-test: stack-kb=2048
# prickle-test: cpython-stack-kb=1000000
# Recursion 20,000 deep through builtins that call back into Python (map, sum, sorted
# with key=, min with key=, list() over a user iterator, __init__, __eq__).
# The stackless driver runs it in a 2 MiB C stack; CPython 3.11 recurses in C for
# these callbacks, so its expected output was produced with a ~1 GB stack.
import sys
sys.setrecursionlimit(200000)
N = 20000
def via_map(n):
    return 0 if n == 0 else sum(map(via_map, [n - 1])) + 1
print(via_map(N))
def via_sorted(n):
    return 0 if n == 0 else sorted([n], key=lambda v: via_sorted(v - 1))[0]
print(via_sorted(N))
def via_min(n):
    return 0 if n == 0 else min([n], key=lambda v: via_min(v - 1)) + 1
print(via_min(N))
class Chain:
    def __init__(self, n):
        self.n = n
        self.child = Chain(n - 1) if n else None
    def __iter__(self):
        node = self
        while node is not None:
            yield node.n
            node = node.child
c = Chain(N)
print(len(list(c)), sum(c))
class Peano:
    def __init__(self, n):
        self.prev = Peano(n - 1) if n else None
    def __eq__(self, other):
        if self.prev is None or other.prev is None:
            return self.prev is None and other.prev is None
        return self.prev == other.prev
print(Peano(N) == Peano(N), Peano(N) == Peano(N - 1))
