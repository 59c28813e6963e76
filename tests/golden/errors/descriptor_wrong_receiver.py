# Builtin methods called through their class check the receiver: CPython's TypeError for a wrong or missing self.
def gen():
    yield 1


def attempt(label, fn):
    try:
        print(label, "->", fn())
    except TypeError as e:
        print(label, "!!", e)


G = type(gen())
F = type(open(__file__))
attempt("list.append(3, 4)", lambda: list.append(3, 4))
attempt("dict.get('x', 1)", lambda: dict.get("x", 1))
attempt("str.upper(5)", lambda: str.upper(5))
attempt("str.join(b'', [])", lambda: str.join(b"", []))
attempt("set.add(frozenset(), 1)", lambda: set.add(frozenset(), 1))
attempt("float.hex(1)", lambda: float.hex(1))
attempt("list.sort(5, key=len)", lambda: list.sort(5, key=len))
attempt("list.__getitem__(5, 0)", lambda: list.__getitem__(5, 0))
attempt("int.__add__('a', 1)", lambda: int.__add__("a", 1))
attempt("list.__len__(5)", lambda: list.__len__(5))
attempt("str.__repr__(5)", lambda: str.__repr__(5))
attempt("BaseException.__init__(5)", lambda: BaseException.__init__(5))
attempt("ValueError.__str__(5)", lambda: ValueError.__str__(5))
attempt("type.mro(5)", lambda: type.mro(5))
attempt("generator.close(5)", lambda: G.close(5))
attempt("generator.send(5, 1)", lambda: G.send(5, 1))
attempt("generator.throw(5, ValueError)", lambda: G.throw(5, ValueError))
attempt("generator.__next__(5)", lambda: G.__next__(5))
attempt("file.read(5)", lambda: F.read(5))
attempt("file.close('x')", lambda: F.close("x"))
attempt("list_iterator.__next__(5)", lambda: type(iter([])).__next__(5))
attempt("dict_keyiterator.__next__(5)", lambda: type(iter({})).__next__(5))
attempt("dict_keys.isdisjoint(5, [])", lambda: type({}.keys()).isdisjoint(5, []))
attempt("via __dict__", lambda: list.__dict__["append"](3, 4))

# No receiver at all.
attempt("list.append()", lambda: list.append())
attempt("str.join()", lambda: str.join())
attempt("list.append(*[])", lambda: list.append(*[]))
attempt("list.append(self=[])", lambda: list.append(self=[]))
attempt("generator.close()", lambda: G.close())
attempt("object.__repr__()", lambda: object.__repr__())


# A method of one type stored in a class for another.
class Foreign:
    append = list.append
    __len__ = list.__len__
    __eq__ = str.__eq__
    __iter__ = list.__iter__


attempt("Foreign().append(1)", lambda: Foreign().append(1))
attempt("len(Foreign())", lambda: len(Foreign()))
attempt("Foreign() == 1", lambda: Foreign() == 1)
attempt("iter(Foreign())", lambda: iter(Foreign()))
attempt("getattr(Foreign(), 'append')", lambda: getattr(Foreign(), "append"))

# The right receiver works, through the class as through an instance.
lst = [3, 1]
attempt("list.append(lst, 2)", lambda: list.append(lst, 2))
attempt("list.sort(lst)", lambda: list.sort(lst))
print(lst)
attempt("str.join(',', 'ab')", lambda: str.join(",", "ab"))
attempt("dict.get({1: 2}, 1)", lambda: dict.get({1: 2}, 1))
attempt("int.__add__(True, 1)", lambda: int.__add__(True, 1))
attempt("sorted(key=str.lower)", lambda: sorted(["b", "A", "c"], key=str.lower))
attempt("map(str.upper)", lambda: list(map(str.upper, "ab")))
attempt("generator.__next__(g)", lambda: G.__next__(gen()))
attempt("generator.close(g)", lambda: G.close(gen()))
attempt("via __dict__", lambda: list.__dict__["index"]([5, 6], 6))


class Sub(Exception):
    pass


attempt("BaseException.__str__(Sub('x'))", lambda: BaseException.__str__(Sub("x")))
