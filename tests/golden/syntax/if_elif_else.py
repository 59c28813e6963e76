# if / elif / else chains and truthiness of values.
def describe(x):
    if x:
        return "truthy"
    else:
        return "falsy"

for v in [0, 1, -1, 0.0, 2.5, "", "a", [], [0], (), (0,), {}, {1: 2}, None, True, False, set(), range(0), range(1)]:
    print(repr(v), describe(v))

def grade(score):
    if score >= 90:
        return "A"
    elif score >= 80:
        return "B"
    elif score >= 70:
        return "C"
    else:
        return "F"

print([grade(s) for s in (95, 85, 75, 10, 90, 80)])
