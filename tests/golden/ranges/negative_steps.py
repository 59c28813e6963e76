# Slicing with negative steps and out-of-range bounds on lists and strings.
a = list(range(8))
print(a[::-1], a[6:1:-1], a[-1:-9:-2], a[10:0:-3], a[:3:-1], a[3::-1])
s = "palindrome"
print(s[::-1], s[-1::-2], s[5:0:-1], s[100:-100:-4])
print(a[1:-1:-1], a[::-100], a[-100::100])
