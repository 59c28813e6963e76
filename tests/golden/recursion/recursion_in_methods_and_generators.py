# Recursion through methods, generators (yield from) and comprehensions at moderate depth.
import sys
sys.setrecursionlimit(5000)
class Tree:
    def __init__(self, depth):
        self.children = [Tree(depth - 1)] if depth else []
    def size(self):
        return 1 + sum(c.size() for c in self.children)
    def walk(self, level=0):
        yield level
        for c in self.children:
            yield from c.walk(level + 1)
t = Tree(300)
print(t.size(), sum(t.walk()), max(t.walk()))
def nested_list(n):
    return [] if n == 0 else [nested_list(n - 1)]
def list_depth(x):
    return 0 if not x else 1 + max(list_depth(y) for y in x)
print(list_depth(nested_list(400)))
