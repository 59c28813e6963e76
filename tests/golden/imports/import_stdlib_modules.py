# import of the built-in modules math, sys and time, with aliases and from-imports.
import math
import math as m
from math import sqrt, pi as PI_CONST
import sys, time
print(math.sqrt(16), m.floor(2.7), sqrt(2), PI_CONST == math.pi, m is math)
print(type(sys.argv).__name__, callable(time.perf_counter), sys.getrecursionlimit() > 0)
