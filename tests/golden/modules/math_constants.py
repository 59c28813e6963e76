# math constants and their float reprs.
import math
print(math.pi, math.e, math.tau, math.inf, -math.inf, math.nan)
print(math.pi * 2 == math.tau, math.inf > 1e308, math.isnan(math.nan))
print(round(math.pi, 4), f"{math.e:.10f}", math.floor(math.pi * 1000))
