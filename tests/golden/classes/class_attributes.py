# Class attributes shared by instances; instance attributes shadow them.
class Counter:
    instances = 0
    tags = []
    def __init__(self):
        Counter.instances += 1
        self.id = Counter.instances
a = Counter(); b = Counter(); c = Counter()
print(Counter.instances, a.instances, c.id)
a.tags.append("shared!")
print(b.tags, Counter.tags)
a.instances = 100
print(a.instances, b.instances, Counter.instances)
del a.instances
print(a.instances)
Counter.new_attr = "added later"
print(b.new_attr)
print(getattr(Counter, "instances"), hasattr(Counter, "instances"))
