# Helper module (not a test): imported by _chain_a.
SUFFIX = "!"

def shout(s):
    return s.upper()
