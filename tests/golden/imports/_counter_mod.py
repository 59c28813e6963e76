# Helper module (not a test): prints when executed, keeps module-level state.
print("executing _counter_mod, __name__ =", __name__)
count = 0

def bump():
    global count
    count += 1
    return count
