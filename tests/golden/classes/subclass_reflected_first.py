# a right operand whose type is a subclass overriding the reflected method goes first
class V:
    def __add__(self, o):
        print("V.add")
        return "V"

    def __lt__(self, o):
        print("V.lt")
        return "V.lt"


class W(V):
    def __radd__(self, o):
        print("W.radd")
        return "W"

    def __gt__(self, o):
        print("W.gt")
        return "W.gt"


print(V() + W())
print(V() < W())
print(W() + V())
