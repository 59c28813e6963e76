# A failing assert at module level (uncaught AssertionError with message).
x = 41
assert x + 1 == 42, "fine"
assert x == 42, f"x should be 42, was {x}"
