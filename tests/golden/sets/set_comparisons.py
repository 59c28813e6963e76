# Set equality, subsets and unhashable members.
print({1, 2} == {2, 1}, {1, 2} != {1}, set() == set(), {1, 2, 3} > {1, 2}, {1} < {1})
print(set([1, 1, 1, 2]) == {1, 2}, {1, 2} == frozenset([1, 2]))
try:
    {[1, 2]}
except TypeError as e:
    print("TypeError:", e)
try:
    set([{}])
except TypeError as e:
    print("TypeError:", e)
print(sorted({3, -1, 2, 0, 10}), max({4, 9, 2}), sum({1, 2, 3}))
