# A module importing another module; names imported from the inner module.
import _chain_a
print(_chain_a.greet("world"))
print(_chain_a.shout("direct"), _chain_a._chain_b.SUFFIX)
import _chain_b
print(_chain_b is _chain_a._chain_b)
