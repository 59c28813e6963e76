# Augmented assignment on names, items, attributes; in-place on lists.
x = 10
x += 5; print(x)
x -= 3; print(x)
x *= 2; print(x)
x //= 5; print(x)
x %= 3; print(x)
x **= 3; print(x)
x <<= 4; print(x)
x >>= 2; print(x)
x |= 1; print(x)
x &= 6; print(x)
x ^= 15; print(x)
y = 7
y /= 2; print(y)
s = "ab"; s += "cd"; s *= 2; print(s)
lst = [1]
alias = lst
lst += [2, 3]
print(lst, alias, lst is alias)
t = (1,)
t2 = t
t += (2,)
print(t, t2, t is t2)
d = {"k": 1}
d["k"] += 10
print(d)
class C:
    n = 0
c = C()
c.n += 1
print(c.n, C.n)
m = [[0, 0], [0, 0]]
m[1][0] += 7
print(m)
