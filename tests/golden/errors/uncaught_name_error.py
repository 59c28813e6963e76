# Uncaught NameError for a misspelled name inside a function.
def compute(values):
    total = 0
    for v in values:
        totl = total + v
    return totl + undefined_thing
print(compute([1, 2]))
