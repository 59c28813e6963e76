# *args and **kwargs in definitions and calls.
def collect(first, *args, **kwargs):
    return first, args, kwargs
print(collect(1))
print(collect(1, 2, 3))
print(collect(1, 2, a=3, b=4))
args = [10, 20]
kw = {"x": "y"}
print(collect(*args, **kw))
print(collect(0, *args, *args, **kw, z=1))
def total(*numbers):
    return sum(numbers)
print(total(), total(1, 2, 3), total(*range(10)))
def forward(*a, **k):
    return collect(*a, **k)
print(forward("f", k=1))
try:
    collect(1, **{"first": 2})
except TypeError as e:
    print("TypeError:", e)
try:
    collect(**{1: 2})
except TypeError as e:
    print("TypeError:", e)
