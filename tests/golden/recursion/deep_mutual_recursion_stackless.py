# prickle-test: drivers=stackless
# prickle-test: stack-kb=2048
# Deep mutual recursion with closures and keyword arguments, 150,000 frames deep.
import sys
sys.setrecursionlimit(300000)
def make():
    def even(n, *, tally=0):
        return tally if n == 0 else odd(n - 1, tally=tally + 1)
    def odd(n, *, tally=0):
        return -tally if n == 0 else even(n - 1, tally=tally + 1)
    return even
print(make()(150000), make()(149999))
