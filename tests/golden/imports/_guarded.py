# Helper module (not a test): its __main__ block must not run on import.
def describe():
    return "guarded module, __name__ = " + __name__

if __name__ == "__main__":
    print("this must not be printed when imported")
