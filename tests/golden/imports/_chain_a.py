# Helper module (not a test): imports another helper module.
import _chain_b
from _chain_b import shout

def greet(name):
    return shout("hello " + name) + _chain_b.SUFFIX
