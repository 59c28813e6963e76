# time.perf_counter and time.time: only relations between readings are printed.
import time
t0 = time.perf_counter()
total = 0
for i in range(10000):
    total += i
t1 = time.perf_counter()
print(total, t1 >= t0, type(t0).__name__)
now = time.time()
print(now > 1.6e9, type(now).__name__)
