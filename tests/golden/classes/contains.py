# __contains__, and the fallbacks to __iter__ and __getitem__.
class EvenNumbers:
    def __contains__(self, x):
        print("checking", x)
        return x % 2 == 0
e = EvenNumbers()
print(4 in e, 5 in e, 5 not in e)
class IterOnly:
    def __iter__(self):
        return iter([1, 2, 3])
print(2 in IterOnly(), 7 in IterOnly())
class Truthy:
    def __contains__(self, x):
        return "yes"
print(1 in Truthy())
