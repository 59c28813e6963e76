# inf, nan and signed zero: repr, comparisons and arithmetic.
inf = float("inf")
nan = float("nan")
print(inf, -inf, nan, float("-inf"), float("Infinity"), float("NaN"))
print(inf > 1e308, -inf < -1e308, inf == inf, nan == nan, nan != nan, nan < 1, nan > 1)
print(inf + 1, inf - inf, inf * 0, -inf * -1, 1 / inf, -1 / inf)
print(-0.0, 0.0 == -0.0, repr(-0.0 * 1), str(0.0 * -1), abs(-0.0))
x = [nan]
print(nan in x, x == x, x.count(nan))
print(round(2.5), round(-0.4), round(-0.5))
try:
    int(inf)
except OverflowError as e:
    print("OverflowError:", e)
try:
    int(nan)
except ValueError as e:
    print("ValueError:", e)
